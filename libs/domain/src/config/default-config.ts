import { exportWithDefaults, type ExportConfigInput } from '../export/export-config';
import { redactionWithDefaults } from '../redaction/redaction-defaults';
import type { RedactionConfigInput } from '../redaction/redaction-types';
import { PROFILE_OPTIONS, type ProfileOption } from '../standard/types';
import type { CustomRule, DateShiftConfig, DeidOverride, GantryPipelineConfig, ProfileOptions, PseudonymConfig } from './config-types';

/**
 * Defaults: the Basic Profile with no option (retaining anything is an explicit choice),
 * a shift of 1 to 3650 days into the past when modified dates are chosen (never zero, so
 * a shifted date always differs, and never into the future), and 'GANTRY-' pseudonyms
 * used for the patient's name as well.
 */
export const DEFAULT_DATE_SHIFT: DateShiftConfig = { minDays: -3650, maxDays: -1 };
export const DEFAULT_PSEUDONYMS: PseudonymConfig = { patientIdPrefix: 'GANTRY-', patientName: 'pseudonym' };

const noOptions = (): Record<ProfileOption, boolean> =>
  Object.fromEntries(PROFILE_OPTIONS.map((o) => [o, false])) as Record<ProfileOption, boolean>;

/** A fresh copy of the default configuration. */
export function defaultConfig(): GantryPipelineConfig {
  return {
    version: 1,
    deid: {
      options: noOptions(),
      overrides: [],
      dateShift: { ...DEFAULT_DATE_SHIFT },
      pseudonyms: { ...DEFAULT_PSEUDONYMS },
      customRules: [],
    },
    redaction: redactionWithDefaults(undefined),
    export: exportWithDefaults(undefined),
  };
}

/** A configuration as written: anything but `version` may be left out. */
export interface ConfigInput {
  readonly version: 1;
  readonly deid?: {
    readonly options?: Partial<ProfileOptions>;
    readonly overrides?: readonly DeidOverride[];
    readonly dateShift?: Partial<DateShiftConfig>;
    readonly pseudonyms?: Partial<PseudonymConfig>;
    readonly recipientCertificate?: string;
    readonly customRules?: readonly CustomRule[];
  };
  readonly redaction?: RedactionConfigInput;
  readonly export?: ExportConfigInput;
}

/** Fill every default into a schema-valid input. */
export function withDefaults(input: ConfigInput): GantryPipelineConfig {
  const d = input.deid ?? {};
  const deid = {
    options: { ...noOptions(), ...d.options },
    overrides: [...(d.overrides ?? [])],
    dateShift: { ...DEFAULT_DATE_SHIFT, ...d.dateShift },
    pseudonyms: { ...DEFAULT_PSEUDONYMS, ...d.pseudonyms },
    customRules: [...(d.customRules ?? [])],
  };
  return {
    version: 1,
    deid: d.recipientCertificate === undefined ? deid : { ...deid, recipientCertificate: d.recipientCertificate },
    redaction: redactionWithDefaults(input.redaction),
    export: exportWithDefaults(input.export),
  };
}
