import type { AttributeType } from '../standard/types';

/**
 * Why a dataset does not conform to its IOD.
 * - UNKNOWN_IOD: no SOP Class UID, or one PS3.4 does not list.
 * - IOD_NOT_COVERED: a known SOP class whose IOD postdates the 2008 module tables, so
 *   nothing could be checked.
 * - TYPE1_MISSING / TYPE1_EMPTY: a Type 1 attribute is absent / present without a value.
 * - TYPE2_MISSING: a Type 2 attribute is absent (empty is allowed).
 */
export const PROBLEM_CODES = ['UNKNOWN_IOD', 'IOD_NOT_COVERED', 'TYPE1_MISSING', 'TYPE1_EMPTY', 'TYPE2_MISSING'] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

/**
 * One finding. It names where (a canonical tag path, '(0040,0275)[0].(0008,0050)'), the
 * module that requires the attribute and its Type, and never a value: problems are
 * recorded in events and logs, and values may identify a patient.
 */
export interface Problem {
  readonly code: ProblemCode;
  readonly path: string;
  /** Module name ('General Study'); absent for IOD-level problems. */
  readonly module?: string;
  readonly type?: AttributeType;
}

/** The minimal element a validator reads; the DICOM model's DicomElement satisfies it. */
export interface ValidatableElement {
  readonly vr: string;
  readonly value: unknown;
}

/**
 * The minimal dataset a validator reads; the DICOM model's DataSet satisfies it, and a
 * sequence element's value is an array of such datasets (its items).
 */
export interface ValidatableDataSet {
  get(tag: string): ValidatableElement | undefined;
}
