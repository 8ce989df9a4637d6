const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] as const;
const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'] as const;

/** '05' → '0?5': day and month are often written without their leading zero. */
const loose = (two: string): string => (two.startsWith('0') ? `0?${two.slice(1)}` : two);

/**
 * Regex sources for the ways a birth date YYYYMMDD is commonly written in free text:
 * compact, ISO and dotted/slashed/dashed orders (YMD, DMY, MDY), and English month names
 * ('5 Mar 1970', 'March 5, 1970'). Two-digit years are left out: too many false hits.
 */
export function birthDatePatterns(da: string): string[] {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(da.trim());
  if (!m) return [];
  const [, y, mo, d] = m as unknown as [string, string, string, string];
  const month = Number(mo);
  if (month < 1 || month > 12) return [`${y}${mo}${d}`];
  const [lm, ld] = [loose(mo), loose(d)];
  const sep = '[-/. ]';
  const names = `(?:${MONTHS[month - 1] as string}|${MONTH_NAMES[month - 1] as string})\\.?`;
  return [
    `${y}${mo}${d}`,
    `${y}${sep}${lm}${sep}${ld}`,
    `${ld}${sep}${lm}${sep}${y}`,
    `${lm}${sep}${ld}${sep}${y}`,
    `${ld}(?:st|nd|rd|th)?[ -]?${names}[ ,-]*${y}`,
    `${names}[ ]?${ld}(?:st|nd|rd|th)?,?[ ]?${y}`,
  ];
}
