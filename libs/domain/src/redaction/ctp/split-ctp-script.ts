/** A parenthesised group after a signature: a region "(x,y,w,h)" if CTP can read it as one. */
export interface CtpRegionText {
  readonly line: number;
  readonly text: string;
}

/** One `{ ... }` signature of a DicomPixelAnonymizer script and the regions that follow it. */
export interface CtpSignatureText {
  /** 1-based line of the opening brace. */
  readonly line: number;
  /** The expression between the braces, comments removed. */
  readonly expression: string;
  readonly regions: CtpRegionText[];
  readonly terminated: boolean;
}

/** Cursor over the script that removes `//` comments and counts lines. */
class Scanner {
  at = 0;
  line = 1;

  constructor(readonly text: string) {}

  get done(): boolean {
    return this.at >= this.text.length;
  }

  /** The next character, or undefined at the end after skipping a comment here. */
  next(inQuote: boolean): string | undefined {
    if (!inQuote && this.text.startsWith('//', this.at)) {
      while (!this.done && this.text[this.at] !== '\n') this.at++;
    }
    const c = this.text[this.at++];
    if (c === '\n') this.line++;
    return c;
  }
}

function readExpression(s: Scanner): { expression: string; terminated: boolean } {
  let out = '';
  let inQuote = false;
  while (!s.done) {
    const c = s.next(inQuote);
    if (c === undefined) break;
    if (c === '"') inQuote = !inQuote;
    if (c === '}' && !inQuote) return { expression: out, terminated: true };
    out += c;
  }
  return { expression: out, terminated: false };
}

/**
 * Split a script the way CTP's PixelScript does: every `{...}` is a signature and every
 * `(...)` in the text up to the next signature is one of its regions; everything else
 * (titles, notes) is ignored. `//` comments are removed everywhere (CTP removes them
 * inside signatures; outside, a commented-out region is meant to be out).
 */
export function splitCtpScript(text: string): CtpSignatureText[] {
  const s = new Scanner(text);
  const out: CtpSignatureText[] = [];
  let current: CtpSignatureText | undefined;
  let region: { line: number; text: string } | undefined;
  while (!s.done) {
    const c = s.next(false);
    if (c === undefined) break;
    if (region) {
      if (c === ')') {
        current?.regions.push({ line: region.line, text: region.text });
        region = undefined;
      } else region.text += c;
    } else if (c === '{') {
      const line = s.line;
      current = { line, ...readExpression(s), regions: [] };
      out.push(current);
    } else if (c === '(' && current) region = { line: s.line, text: '' };
  }
  return out;
}
