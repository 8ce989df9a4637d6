import { GantryError } from '../errors';

/**
 * JSON with object keys sorted at every depth and no whitespace, so equal data always
 * gives equal text (and equal hashes). Undefined object members are omitted, as
 * JSON.stringify does; values JSON cannot represent exactly are refused.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new GantryError('NOT_CANONICAL', 'non-finite numbers have no JSON form');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v: unknown) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new GantryError('NOT_CANONICAL', `a ${typeof value} has no JSON form`);
}
