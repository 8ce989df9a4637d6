/**
 * Shapes of the data files in ./data. They are written by tools/src/generate from the
 * DICOM Standard tables and read here through resolveJsonModule; the generator imports
 * these types so both sides agree on one definition.
 */

/** Where a data file came from: the edition of the standard, the input file and its hash. */
export interface DataProvenance {
  readonly edition: string;
  readonly source: string;
  readonly sha256: string;
  readonly generatedBy: string;
}

/** PS3.15 Table E.1-1 action codes (see PS3.15 E.3 for their meaning). */
export const ACTION_CODES = ['D', 'Z', 'X', 'K', 'C', 'U', 'Z/D', 'X/Z', 'X/D', 'X/Z/D', 'X/Z/U*'] as const;
export type ActionCode = (typeof ACTION_CODES)[number];

/** The option columns of Table E.1-1, named as Gantry configures them. */
export const PROFILE_OPTIONS = [
  'retainSafePrivate',
  'retainUIDs',
  'retainDeviceIdentity',
  'retainInstitutionIdentity',
  'retainPatientCharacteristics',
  'retainLongitudinalFullDates',
  'retainLongitudinalModifiedDates',
  'cleanDescriptors',
  'cleanStructuredContent',
  'cleanGraphics',
] as const;
export type ProfileOption = (typeof PROFILE_OPTIONS)[number];

export interface ProfileRule {
  /** 'GGGGEEEE', or a mask with X for a repeating group ('50XXXXXX', '60XX4000'), or 'PRIVATE'. */
  readonly tag: string;
  readonly name: string;
  readonly basic: ActionCode;
  /** Only the options whose column has an action for this attribute. */
  readonly options: Readonly<Partial<Record<ProfileOption, ActionCode>>>;
  /** "In Std. Comp. IOD": the attribute appears in some standard composite IOD. */
  readonly stdCompIOD: boolean;
}

export interface ConfidentialityProfileData extends DataProvenance {
  readonly rules: readonly ProfileRule[];
}

/** Attribute requirement types of PS3.5 7.4. */
export type AttributeType = '1' | '1C' | '2' | '2C' | '3';
/** Module usage in an IOD: Mandatory, User option, Conditional. */
export type ModuleUsage = 'M' | 'U' | 'C';

/**
 * One attribute of a module with macros expanded: its path of tags from the top level
 * joined by '/' (sequence parents first) and its Type. Normalized (non-composite)
 * modules of 2008 give no Type, hence the optional second member.
 */
export type ModuleAttributeRow = readonly [path: string, type?: AttributeType];

export interface ModuleData {
  readonly name: string;
  readonly table: string;
  readonly attributes: readonly ModuleAttributeRow[];
}

export interface IodData {
  /** The PS3.3 table and its title in the source edition. */
  readonly table: string;
  readonly title: string;
  /** Module reference (PS3.3 section, a key of `modules`) and its usage, in table order. */
  readonly modules: readonly (readonly [ref: string, usage: ModuleUsage])[];
}

export interface IodModulesData extends DataProvenance {
  /** Keyed by the current (PS3.4) IOD name, so sop-classes.json's `iod` finds its entry. */
  readonly iods: Readonly<Record<string, IodData>>;
  readonly modules: Readonly<Record<string, ModuleData>>;
}

export interface SafePrivateEntry {
  readonly creator: string;
  /** 'GGGG', an odd group. */
  readonly group: string;
  /** 'XX', the low byte of the element within the creator's block. */
  readonly element: string;
  readonly vr: string;
  readonly keyword: string;
}

export interface SafePrivateData extends DataProvenance {
  readonly entries: readonly SafePrivateEntry[];
}

export interface SopClassEntry {
  readonly name: string;
  readonly iod: string;
}

export interface SopClassesData extends DataProvenance {
  readonly sopClasses: Readonly<Record<string, SopClassEntry>>;
}
