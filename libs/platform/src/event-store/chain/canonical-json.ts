import { EventStoreError } from '../errors';

/**
 * JSON with object keys sorted (by UTF-16 code units, the default sort) at every level
 * and no whitespace. It is the input of the audit hash chain, so it must be a pure
 * function of the JSON value: what was hashed at append time must be reproducible from
 * the row read back (jsonb reorders keys; sorting removes that difference). Values that
 * JSON cannot carry follow JSON.stringify: undefined members are dropped, undefined array
 * items become null, toJSON() is honoured.
 */
export function canonicalJson(value: unknown): string {
  const out = encode(value, 0);
  if (out === undefined) throw new EventStoreError('NOT_JSON', 'value has no JSON representation');
  return out;
}

const MAX_DEPTH = 64;

function encode(value: unknown, depth: number): string | undefined {
  if (depth > MAX_DEPTH) throw new EventStoreError('NOT_JSON', 'value is nested too deeply');
  const v = toJsonValue(value);
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') return Number.isFinite(v) ? JSON.stringify(v) : 'null';
  if (typeof v === 'bigint') throw new EventStoreError('NOT_JSON', 'bigint is not representable in JSON');
  if (typeof v !== 'object') return undefined;
  if (Array.isArray(v)) return `[${v.map((item: unknown) => encode(item, depth + 1) ?? 'null').join(',')}]`;
  const members: string[] = [];
  for (const key of Object.keys(v).sort()) {
    const encoded = encode((v as Record<string, unknown>)[key], depth + 1);
    if (encoded !== undefined) members.push(`${JSON.stringify(key)}:${encoded}`);
  }
  return `{${members.join(',')}}`;
}

function toJsonValue(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && 'toJSON' in value && typeof value.toJSON === 'function') {
    return (value.toJSON as () => unknown)();
  }
  return value;
}
