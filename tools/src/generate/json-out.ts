/**
 * Deterministic JSON for the generated data files: object keys sorted, and the first
 * `expandDepth` levels laid out one member per line so a regenerated file diffs by row.
 * Array order is kept: the generators sort rows where the order carries no meaning and
 * keep the standard's table order where it does (module attributes).
 */
export function stableJson(value: unknown, expandDepth = 2): string {
  return `${render(value, 0, expandDepth)}\n`;
}

function render(value: unknown, depth: number, expandDepth: number): string {
  if (value === null || typeof value !== 'object') {
    if (value === undefined) throw new Error('stableJson: undefined is not representable');
    return JSON.stringify(value);
  }
  const expand = depth < expandDepth;
  const indent = expand ? '  '.repeat(depth + 1) : '';
  const sep = expand ? `,\n` : ',';
  const open = (c: string): string => (expand ? `${c}\n` : c);
  const close = (c: string): string => (expand ? `\n${'  '.repeat(depth)}${c}` : c);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((v) => indent + render(v, depth + 1, expandDepth));
    return open('[') + items.join(sep) + close(']');
  }
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (entries.length === 0) return '{}';
  const colon = expand ? ': ' : ':';
  const members = entries.map(([k, v]) => `${indent}${JSON.stringify(k)}${colon}${render(v, depth + 1, expandDepth)}`);
  return open('{') + members.join(sep) + close('}');
}
