import type { GantryPipelineConfig } from '../config/config-types';
import type { DicomObject } from '../dicom/parse-dicom';
import type { BlockReason } from '../events/instance-export.events';
import { isAtRisk } from '../redaction/at-risk';
import { redactionHeader } from '../redaction/redaction-header';
import { compareProblems } from '../validation/compare-problems';
import { validateIod } from '../validation/validate-iod';
import { scanKnownValues } from './known-value-scan';
import type { KnownValues } from './known-values';
import { verifyDeidentified } from './verify-deidentified';

/** An ExportBlocked event lists at most this many paths. */
export const MAX_BLOCK_PATHS = 1000;

export interface ExportCheckInput {
  /** The exact bytes about to be written, parsed. */
  readonly output: DicomObject;
  /** The object as ingested: baseline of the IOD check and source of the pixel-risk header. */
  readonly original: DicomObject;
  /** The patient's original identifying values (catalog and original header). */
  readonly known: KnownValues;
  /** The active configuration: its profile, options and redaction rules. */
  readonly config: GantryPipelineConfig;
  /** What the redactor recorded: the machine rule that matched, or null (passed through). */
  readonly redaction: { readonly ruleId: string | null };
}

export interface ExportVerdict {
  readonly ok: boolean;
  readonly reasons: readonly BlockReason[];
  /** Where (tag paths only), at most MAX_BLOCK_PATHS. */
  readonly paths: readonly string[];
}

/**
 * Pixel risk is resolved when the ORIGINAL header is not at risk under the active
 * redaction rules, or the redactor matched a machine rule for it (whose zones it blanked,
 * or which states that the machine burns nothing in). A pass-through of an image at risk
 * is what this catches, e.g. after the at-risk rules were widened.
 */
export function pixelRiskResolved(original: DicomObject, config: GantryPipelineConfig, ruleId: string | null): boolean {
  return ruleId !== null || !isAtRisk(config.redaction, redactionHeader(original)).atRisk;
}

/** Type 1 and Type 2 problems of the output that the original did not have (PS3.3 2008 IODs). */
export function iodRegressions(original: DicomObject, output: DicomObject): string[] {
  return compareProblems(validateIod(original.dataset), validateIod(output.dataset)).map((p) => p.path);
}

/**
 * The exporter's just-in-time check of the exact bytes it is about to write: (1) the
 * profile is satisfied (verifyDeidentified), (2) none of the patient's original values
 * is anywhere in it, (3) pixel risk is resolved, (4) no new Type 1/2 violation. Any
 * failure blocks the export; the verdict names reasons and paths, never values.
 */
export function checkForExport(input: ExportCheckInput): ExportVerdict {
  const reasons: BlockReason[] = [];
  const paths: string[] = [];
  const add = (reason: BlockReason, where: readonly string[]): void => {
    reasons.push(reason);
    paths.push(...where);
  };
  const violations = verifyDeidentified(input.output, input.config);
  if (violations.length > 0) add('INSPECTOR_FINDINGS', violations.map((v) => v.path));
  const hits = scanKnownValues(input.output, input.known);
  if (hits.length > 0) add('KNOWN_VALUE_FOUND', hits.map((h) => h.path));
  if (!pixelRiskResolved(input.original, input.config, input.redaction.ruleId)) add('PIXEL_RISK_UNRESOLVED', []);
  const regressions = iodRegressions(input.original, input.output);
  if (regressions.length > 0) add('IOD_REGRESSION', regressions);
  return { ok: reasons.length === 0, reasons, paths: [...new Set(paths)].slice(0, MAX_BLOCK_PATHS) };
}
