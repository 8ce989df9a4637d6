import { PROFILE_OPTIONS, type ActionCode, type ProfileOption, type ProfileRule } from '../standard/types';
import type { ProfileOptions } from '../config/config-types';
import type { DeidReason } from './deid-types';

/** How much an option's code retains: K keeps the value, C keeps a cleaned one. */
const RETENTION: Readonly<Partial<Record<ActionCode, number>>> = { K: 2, C: 1 };

/** 'retainUIDs' → 'OPTION_RETAIN_UIDS'. */
export const optionReason = (option: ProfileOption): DeidReason =>
  `OPTION_${option.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}` as DeidReason;

export interface ProfileCode {
  readonly code: ActionCode;
  readonly reason: DeidReason;
  readonly option?: ProfileOption;
}

/** The options switched on, in PROFILE_OPTIONS order (the tie-break order). */
export const enabledOptions = (options: ProfileOptions): readonly ProfileOption[] => PROFILE_OPTIONS.filter((o) => options[o]);

/**
 * The code of a Table E.1-1 row under the enabled options. An option's column replaces
 * the basic code; when several enabled options have a column for the row, the one that
 * retains more wins (K over C), as PS3.15 E.3 intends options to add up, not cancel.
 */
export function profileCode(rule: ProfileRule, enabled: readonly ProfileOption[]): ProfileCode {
  let best: ProfileCode | undefined;
  for (const option of enabled) {
    const code = rule.options[option];
    if (code === undefined) continue;
    if (best === undefined || (RETENTION[code] ?? 0) > (RETENTION[best.code] ?? 0)) {
      best = { code, reason: optionReason(option), option };
    }
  }
  return best ?? { code: rule.basic, reason: 'BASIC_PROFILE' };
}
