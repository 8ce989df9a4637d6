/** A rectangle in stored-image pixels (column x, row y from the top-left), applied to every frame. */
export interface Zone {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * What redacted pixels become: a stored value (one sample: grey level, palette index;
 * for three samples it is taken as a grey) or an RGB triple (converted to YBR_FULL for
 * YBR images). Absent: the darkest value of the photometric interpretation.
 */
export type Fill = number | readonly [number, number, number];

export const CONDITION_OPS = ['contains', 'equals', 'startsWith', 'endsWith', 'matches'] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

/**
 * A test of one attribute (keyword or '(gggg,eeee)') of the original header, as CTP
 * reads it: its values joined by '\', '' when absent. `matches` is a whole-value
 * regular expression; the others compare text, case-insensitively with `ignoreCase`.
 */
export interface AttributeCondition {
  readonly attr: string;
  readonly op: ConditionOp;
  readonly value: string;
  readonly ignoreCase?: boolean;
}

/** A boolean expression over the header: every, any, or not. */
export type Condition = { readonly all: readonly Condition[] } | { readonly any: readonly Condition[] } | { readonly not: Condition } | AttributeCondition;

/**
 * Which machine's images a rule is for. The globs are case-insensitive with `*` for any
 * run of characters, matched against the trimmed value ('' when absent, which only `*`
 * matches). The other fields must be equal when given: `imageType` lists leading
 * values of Image Type (compared case-insensitively, value by value). `conditions` must
 * hold as well.
 */
export interface MachineMatch {
  readonly manufacturer: string;
  readonly model: string;
  readonly serial: string;
  readonly rows?: number;
  readonly columns?: number;
  readonly modality?: string;
  readonly sopClass?: string;
  readonly imageType?: readonly string[];
  readonly conditions?: Condition;
}

/** A machine and the zones where it burns text into its images. */
export interface MachineRule {
  readonly id?: string;
  readonly match: MachineMatch;
  /** May be empty: the operator states that this machine's images carry no burned-in text. */
  readonly zones: readonly Zone[];
  readonly fill?: Fill;
}

/** Which images need a rule before they may leave. */
export interface AtRiskConfig {
  /** Burned In Annotation (0028,0301) YES. */
  readonly burnedInAnnotation: boolean;
  /** Modality (0008,0060) values. */
  readonly modalities: readonly string[];
  /** Secondary Capture SOP classes (1.2.840.10008.5.1.4.1.1.7 and its multi-frame kin). */
  readonly secondaryCapture: boolean;
}

/** The `redaction` section of the pipeline configuration, defaults applied. */
export interface RedactionConfig {
  readonly machines: readonly MachineRule[];
  readonly atRisk: AtRiskConfig;
}

/** The section as written: everything optional. */
export interface RedactionConfigInput {
  readonly machines?: readonly MachineRule[];
  readonly atRisk?: Partial<AtRiskConfig>;
}

/**
 * What rules look at in an image's original header. `attribute` answers conditions on
 * any other attribute: its values joined by '\', undefined when absent.
 */
export interface RedactionHeader {
  readonly manufacturer?: string;
  readonly model?: string;
  readonly serial?: string;
  readonly rows?: number;
  readonly columns?: number;
  readonly modality?: string;
  readonly sopClassUid?: string;
  readonly imageType?: readonly string[];
  readonly burnedInAnnotation?: string;
  readonly attribute?: (keywordOrTag: string) => string | undefined;
}
