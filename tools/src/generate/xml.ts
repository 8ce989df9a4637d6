/**
 * A small XML reader for the two reference files we generate from (GDCM's module tables
 * and CTP's private dictionary). It keeps elements and attributes and drops text, which
 * neither generator needs; it rejects anything it cannot tokenize rather than skipping
 * it, so a malformed input cannot silently lose rows.
 */

export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
}

const SKIPPED = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[[\s\S]*?\]\]>|<!DOCTYPE[^>]*>/y;
const TAG = /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/y;
const ATTR = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const ENTITY = /&(?:#x([0-9a-fA-F]+)|#([0-9]+)|(lt|gt|amp|quot|apos));/g;
const NAMED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeEntities(s: string): string {
  return s.replace(ENTITY, (_m, hex: string | undefined, dec: string | undefined, named: string | undefined) => {
    if (hex !== undefined) return String.fromCodePoint(parseInt(hex, 16));
    if (dec !== undefined) return String.fromCodePoint(parseInt(dec, 10));
    return NAMED[named ?? ''] ?? '';
  });
}

function parseAttrs(raw: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const m of raw.matchAll(ATTR)) {
    attrs[m[1] as string] = decodeEntities(m[2] ?? m[3] ?? '');
  }
  return attrs;
}

/** Line number of an offset, for error messages about the reference file. */
const lineAt = (text: string, offset: number): number => text.slice(0, offset).split('\n').length;

/** Parse a document into its root element. Throws on malformed markup or unbalanced tags. */
export function parseXml(text: string): XmlElement {
  const root: XmlElement = { name: '#document', attrs: {}, children: [] };
  const stack: XmlElement[] = [root];
  let pos = text.indexOf('<');
  while (pos >= 0) {
    SKIPPED.lastIndex = pos;
    const skipped = SKIPPED.exec(text);
    if (skipped) {
      pos = text.indexOf('<', pos + skipped[0].length);
      continue;
    }
    TAG.lastIndex = pos;
    const m = TAG.exec(text);
    if (!m) throw new Error(`XML: cannot read markup at line ${lineAt(text, pos)}`);
    const [whole, closing, name, rawAttrs, selfClosing] = m as unknown as [string, string, string, string, string];
    const top = stack[stack.length - 1] as XmlElement;
    if (closing) {
      if (top.name !== name) throw new Error(`XML: </${name}> closes <${top.name}> at line ${lineAt(text, pos)}`);
      stack.pop();
    } else {
      const el: XmlElement = { name, attrs: parseAttrs(rawAttrs), children: [] };
      top.children.push(el);
      if (!selfClosing) stack.push(el);
    }
    pos = text.indexOf('<', pos + whole.length);
  }
  if (stack.length !== 1) throw new Error(`XML: <${(stack[stack.length - 1] as XmlElement).name}> is never closed`);
  const [doc] = root.children;
  if (!doc || root.children.length !== 1) throw new Error('XML: expected exactly one root element');
  return doc;
}
