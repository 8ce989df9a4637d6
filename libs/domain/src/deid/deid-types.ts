import type { Tag } from '../dicom/tag';
import type { Vr } from '../dicom/vr';

/**
 * What happens to one element: the PS3.15 E.3 codes (D dummy, Z empty, X remove, K keep,
 * C clean, U remap UID) and the two override kinds. Compound codes never reach a plan:
 * they are resolved against the IOD first.
 */
export const DEID_ACTIONS = ['D', 'Z', 'X', 'K', 'C', 'U', 'REPLACE', 'HASH'] as const;
export type DeidAction = (typeof DEID_ACTIONS)[number];

/**
 * Why an action was chosen. Custom rules may add their own upper-case codes.
 * - BASIC_PROFILE: the row's basic code; NOT_IN_PROFILE: no row, kept; UNKNOWN_ATTRIBUTE:
 *   no row and not in the dictionary either, removed; UN_NOT_CLEANABLE: text stored as UN.
 * - OPTION_*: an enabled option's column replaced the basic code.
 * - COMPOUND_TYPE1 / COMPOUND_TYPE2 / COMPOUND_OPTIONAL: a compound code resolved by the
 *   attribute's Type in the IOD (OPTIONAL = Type 3 or not in the IOD).
 * - PSEUDONYM: Patient ID / Patient's Name replaced by the keyed pseudonym.
 * - DUMMY_SEQUENCE_CONTENT: inside a sequence whose action is D; DUMMY_SEQUENCE_STRUCTURE:
 *   a coded string, integer or tag kept there because it is structure, not content.
 * - PRIVATE_*: the private-attribute row; HOUSEKEEPING: group lengths and file meta the
 *   writer regenerates; IDENTIFIER_IN_TEXT: a free-text value holds this object's identifiers.
 * - OVERRIDE / CUSTOM_RULE: the configuration said so.
 */
export const DEID_REASONS = [
  'BASIC_PROFILE',
  'NOT_IN_PROFILE',
  'UNKNOWN_ATTRIBUTE',
  'UN_NOT_CLEANABLE',
  'OPTION_RETAIN_SAFE_PRIVATE',
  'OPTION_RETAIN_UIDS',
  'OPTION_RETAIN_DEVICE_IDENTITY',
  'OPTION_RETAIN_INSTITUTION_IDENTITY',
  'OPTION_RETAIN_PATIENT_CHARACTERISTICS',
  'OPTION_RETAIN_LONGITUDINAL_FULL_DATES',
  'OPTION_RETAIN_LONGITUDINAL_MODIFIED_DATES',
  'OPTION_CLEAN_DESCRIPTORS',
  'OPTION_CLEAN_STRUCTURED_CONTENT',
  'OPTION_CLEAN_GRAPHICS',
  'COMPOUND_TYPE1',
  'COMPOUND_TYPE2',
  'COMPOUND_OPTIONAL',
  'PSEUDONYM',
  'DUMMY_SEQUENCE_CONTENT',
  'DUMMY_SEQUENCE_STRUCTURE',
  'PRIVATE_UNSAFE',
  'PRIVATE_UNKNOWN_VR',
  'PRIVATE_NO_CREATOR',
  'PRIVATE_CREATOR_IN_USE',
  'PRIVATE_CREATOR_UNUSED',
  'HOUSEKEEPING',
  'IDENTIFIER_IN_TEXT',
  'OVERRIDE',
  'CUSTOM_RULE',
] as const;
export type DeidReason = (typeof DEID_REASONS)[number];

/**
 * The decision for one element. It names where the element is and which rule decided,
 * never a value. `creator` names a private element's vendor dictionary, and only when it
 * is a published one (on the safe list): any other creator string could hold anything.
 */
export interface PlannedAction {
  /** Canonical tag path, '(0040,0275)[0].(0008,0050)'. */
  readonly path: string;
  readonly tag: Tag;
  readonly vr: Vr;
  readonly action: DeidAction;
  /** Stable rule id: 'e1-1:00100010', 'e1-1:private', 'override:0', 'text:patient-name', 'custom:<id>'. */
  readonly rule: string;
  /** A DeidReason, or a custom rule's own code. */
  readonly reason: string;
  readonly creator?: string;
}

/** Why the pixel data may show identifying text: codes only. */
export const PIXEL_RISK_REASONS = [
  'BURNED_IN_ANNOTATION',
  'RISKY_MODALITY',
  'SECONDARY_CAPTURE_SOP_CLASS',
  'VISIBLE_LIGHT_SOP_CLASS',
  'IMAGE_TYPE_SECONDARY',
  'OVERLAY_RETAINED',
] as const;
export type PixelRiskReason = (typeof PIXEL_RISK_REASONS)[number];

export interface PixelRisk {
  readonly atRisk: boolean;
  readonly reasons: readonly PixelRiskReason[];
}

export interface DeidPlan {
  /** Every element of the file meta and the data set, in tag order, items after their sequence. */
  readonly actions: readonly PlannedAction[];
  readonly pixelRisk: PixelRisk;
  /** sha256 (hex) of the canonical JSON of `actions`. */
  readonly planHash: string;
}

/** What the planner may be told besides the object. */
export interface PlanContext {
  /** The IOD (a PS3.4 name) to resolve compound codes against, instead of the SOP class's. */
  readonly iod?: string;
}
