const CACHE = new Map<string, RegExp>();
const CACHE_LIMIT = 4096;

/**
 * Case-insensitive glob: `*` matches any run of characters (none included), everything
 * else itself. The whole value must match, so 'GE*' matches 'GE MEDICAL' but not 'OGE'.
 */
export function globMatches(pattern: string, value: string): boolean {
  let re = CACHE.get(pattern);
  if (!re) {
    const body = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
    re = new RegExp(`^${body}$`, 'isu');
    if (CACHE.size < CACHE_LIMIT) CACHE.set(pattern, re);
  }
  return re.test(value);
}
