import type { AttributeTable } from './module-tables';

/**
 * Finds the table an "Include … Table X" row names. The 2008 text has typos in table
 * numbers ('C.8.82', '10.2-1', 'C.8.215-1'), so when the number does not resolve we fall
 * back to the macro's name, compared as a set of words. Rows that name no table
 * ("Any other Attribute of …", "one or more Functional Group Macros") stay unresolved
 * and are reported by the caller.
 */
export interface MacroIndex {
  resolve(includeText: string): AttributeTable | undefined;
}

const TABLE_ID = /Table\s*\(?\s*((?:[A-Z]\.)?[0-9][0-9A-Za-z.-]*)/i;
/** Words that say nothing about which macro is meant. */
const NOISE = new Set(['include', 'table', 'attributes', 'attribute', 'macro', 'description', 'the', 'module']);

/** Lowercase words without punctuation; 'X-Ray' and 'X Ray' both become 'x ray'. */
export function wordKey(name: string): string {
  const words = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .split(' ')
    .filter((w) => w !== '' && !NOISE.has(w));
  return [...new Set(words)].sort().join(' ');
}

/** The macro name an include row gives: the text between "Include" and "Table". */
function includeName(text: string): string {
  const m = /Include\s+(.*?)\s*,?\s*\(?Table\b/i.exec(text);
  return m ? (m[1] as string) : '';
}

/** 'C.8.82' → 'C.8-82': the number's last dot was meant as the dash. */
function idVariants(id: string): string[] {
  const dot = id.lastIndexOf('.');
  const variants = [id];
  if (!id.includes('-') && dot > 0) variants.push(`${id.slice(0, dot)}-${id.slice(dot + 1)}`);
  return variants;
}

function namesOf(table: AttributeTable): string[] {
  // The Code Sequence Macro's title is "Common Attribute Set … (invoked AS “code Sequence Macro”)".
  const invoked = /invoked\s+as\s+[“"'](.+?)[”"']/i.exec(table.name);
  return invoked ? [table.name, invoked[1] as string] : [table.name];
}

export function buildMacroIndex(tables: readonly AttributeTable[]): MacroIndex {
  const byId = new Map<string, AttributeTable>();
  const byName = new Map<string, AttributeTable | null>();
  for (const t of tables) {
    byId.set(t.table.toUpperCase(), t);
    for (const name of namesOf(t)) {
      const key = wordKey(name);
      // An ambiguous name resolves to nothing rather than to an arbitrary table.
      byName.set(key, byName.has(key) && byName.get(key) !== t ? null : t);
    }
  }
  return {
    resolve(text) {
      const m = TABLE_ID.exec(text);
      const id = m ? (m[1] as string).replace(/\.+$/, '').toUpperCase() : undefined;
      for (const v of id === undefined ? [] : idVariants(id)) {
        const hit = byId.get(v);
        if (hit) return hit;
      }
      const name = includeName(text);
      return name === '' ? undefined : (byName.get(wordKey(name)) ?? undefined);
    },
  };
}
