import type { ExportConfig } from '../export/export-config';
import type { RedactionConfig } from '../redaction/redaction-types';
import type { ProfileOption } from '../standard/types';

/** What an override does to the attribute it names (highest priority, after every rule). */
export const OVERRIDE_ACTIONS = ['keep', 'remove', 'empty', 'replace', 'hash'] as const;
export type OverrideAction = (typeof OVERRIDE_ACTIONS)[number];

/** Actions a custom rule may take: the simple PS3.15 codes (compound codes need a Type). */
export const CUSTOM_RULE_ACTIONS = ['X', 'Z', 'D', 'C', 'K'] as const;
export type CustomRuleAction = (typeof CUSTOM_RULE_ACTIONS)[number];

/** Text VRs a custom pattern rule may look at; its default is the free-text ones. */
export const PATTERN_RULE_VRS = ['AE', 'AS', 'CS', 'DA', 'DS', 'DT', 'IS', 'LO', 'LT', 'PN', 'SH', 'ST', 'TM', 'UC', 'UI', 'UR', 'UT'] as const;
export type PatternRuleVr = (typeof PATTERN_RULE_VRS)[number];
export const DEFAULT_PATTERN_RULE_VRS: readonly PatternRuleVr[] = ['LO', 'LT', 'PN', 'SH', 'ST', 'UC', 'UT'];

/**
 * A private element by its creator, odd group ('0009') and element byte ('10'): the block
 * (gggg,xx00-xxFF) moves with the creator's reservation (PS3.5 7.8.1), the byte does not.
 */
export interface PrivateTagSelector {
  readonly creator: string;
  readonly group: string;
  readonly element: string;
}

/** A keyword ('PatientName'), a standard tag ('(0010,0010)') or a private element. */
export type TagSelector = string | PrivateTagSelector;

export interface DeidOverride {
  readonly tag: TagSelector;
  readonly action: OverrideAction;
  /** The new value for `replace`; several values are separated by a backslash. */
  readonly value?: string;
}

/**
 * A `gantry scan` rule. With a tag and no pattern it replaces the profile's action for that
 * tag; with a pattern it flags surviving text elements (VRs in `vr`) whose value matches.
 */
export interface CustomRule {
  readonly id: string;
  readonly tag?: string;
  readonly vr?: readonly PatternRuleVr[];
  readonly pattern?: string;
  readonly action: CustomRuleAction;
  /** A reason code recorded in the plan ('MRN_IN_TEXT'); CUSTOM_RULE when absent. */
  readonly reason?: string;
}

export interface DateShiftConfig {
  readonly minDays: number;
  readonly maxDays: number;
}

export interface PseudonymConfig {
  readonly patientIdPrefix: string;
  readonly patientName: 'pseudonym' | 'empty';
}

export type ProfileOptions = Readonly<Record<ProfileOption, boolean>>;

export interface DeidConfig {
  readonly options: ProfileOptions;
  readonly overrides: readonly DeidOverride[];
  readonly dateShift: DateShiftConfig;
  readonly pseudonyms: PseudonymConfig;
  /** PEM certificate of the recipient of the reversible (encrypted) mode; carried only. */
  readonly recipientCertificate?: string;
  readonly customRules: readonly CustomRule[];
}

/** Sections defined by later work: any object is accepted and carried unchanged. */
export type OpenSection = Readonly<Record<string, unknown>>;

/** The one configuration file of a Gantry pipeline, with every default applied. */
export interface GantryPipelineConfig {
  readonly version: 1;
  readonly deid: DeidConfig;
  readonly redaction: RedactionConfig;
  readonly export: ExportConfig;
}
