/** Every message in an error's cause chain (aggregates included), lower-cased: where a leaked value would show. */
export function errorText(e: unknown): string {
  const out: string[] = [];
  for (let c = e; c instanceof Error; c = c.cause) {
    out.push(c.message);
    if (c instanceof AggregateError) out.push(...c.errors.map((x) => errorText(x)));
  }
  return out.join('\n').toLowerCase();
}
