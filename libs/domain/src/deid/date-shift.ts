import type { DateShiftConfig } from '../config/config-types';
import type { KeyRing } from '../keys/key-ring';

const DAY_MS = 86_400_000;

/**
 * The patient's whole-day offset: HMAC('date', identity) read as a 64-bit integer and
 * reduced into [minDays, maxDays]. The range is at most 36501 wide, so the modulo bias
 * (< 2^-48) is nil. One offset per patient keeps the intervals between their studies.
 */
export function dayOffset(keys: KeyRing, identity: string, range: DateShiftConfig): number {
  const span = BigInt(range.maxDays - range.minDays + 1);
  return range.minDays + Number(keys.mac('date', identity).readBigUInt64BE(0) % span);
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** y-m-d shifted by `days`, or undefined when the date does not exist or leaves years 1-9999. */
function shiftYmd(y: number, m: number, d: number, days: number): [number, number, number] | undefined {
  const base = new Date(0);
  base.setUTCFullYear(y, m - 1, d);
  if (base.getUTCFullYear() !== y || base.getUTCMonth() !== m - 1 || base.getUTCDate() !== d) return undefined;
  const t = new Date(base.getTime() + days * DAY_MS);
  const year = t.getUTCFullYear();
  return year < 1 || year > 9999 ? undefined : [year, t.getUTCMonth() + 1, t.getUTCDate()];
}

/**
 * Shift the date part 'YYYY[MM[DD]]' of a DA or DT. A partial date keeps its precision:
 * its middle (2 July, or the 15th) is shifted and cut back, so intervals stay about right.
 */
function shiftDatePart(date: string, days: number): string | undefined {
  const y = Number(date.slice(0, 4));
  if (date.length === 8) {
    const r = shiftYmd(y, Number(date.slice(4, 6)), Number(date.slice(6, 8)), days);
    return r && `${pad(r[0], 4)}${pad(r[1], 2)}${pad(r[2], 2)}`;
  }
  const r = date.length === 6 ? shiftYmd(y, Number(date.slice(4, 6)), 15, days) : shiftYmd(y, 7, 2, days);
  if (r === undefined) return undefined;
  return date.length === 6 ? `${pad(r[0], 4)}${pad(r[1], 2)}` : pad(r[0], 4);
}

const DA_RE = /^(\d{4}|\d{6}|\d{8})$/;
/** ACR-NEMA dates, still met in old archives. */
const LEGACY_DA_RE = /^(\d{4})\.(\d{2})\.(\d{2})$/;
const DT_RE = /^(\d{4}(?:\d{2}(?:\d{2})?)?)((?:\d{2}(?:\d{2}(?:\d{2}(?:\.\d{1,6})?)?)?)?(?:[+-]\d{4})?)$/;

function shiftOneDa(v: string, days: number): string | undefined {
  if (DA_RE.test(v)) return shiftDatePart(v, days);
  const legacy = LEGACY_DA_RE.exec(v);
  if (!legacy) return undefined;
  const s = shiftDatePart(`${legacy[1] as string}${legacy[2] as string}${legacy[3] as string}`, days);
  return s && `${s.slice(0, 4)}.${s.slice(4, 6)}.${s.slice(6)}`;
}

function shiftOneDt(v: string, days: number): string | undefined {
  const m = DT_RE.exec(v);
  if (!m) return undefined;
  const date = m[1] as string;
  // Time, fraction and UTC offset are kept: a whole-day shift does not move them.
  const shifted = shiftDatePart(date, days);
  return shifted && `${shifted}${m[2] as string}`;
}

/** 'a-b' ranges (either end may be open) shift both ends; a plain value is tried first (DT offsets use '-'). */
function shiftRangeable(v: string, days: number, one: (s: string, d: number) => string | undefined): string | undefined {
  const t = v.trim();
  const single = one(t, days);
  if (single !== undefined || !t.includes('-')) return single;
  for (let i = t.indexOf('-'); i >= 0; i = t.indexOf('-', i + 1)) {
    const [a, b] = [t.slice(0, i), t.slice(i + 1)];
    const sa = a === '' ? '' : one(a, days);
    const sb = b === '' ? '' : one(b, days);
    if (sa !== undefined && sb !== undefined && (a !== '' || b !== '')) return `${sa}-${sb}`;
  }
  return undefined;
}

/** A DA value shifted by whole days, or undefined when it is not a date (the caller dummies it). */
export const shiftDa = (v: string, days: number): string | undefined => shiftRangeable(v, days, shiftOneDa);
/** A DT value shifted by whole days, keeping its precision and UTC offset; undefined when not a DT. */
export const shiftDt = (v: string, days: number): string | undefined => shiftRangeable(v, days, shiftOneDt);
