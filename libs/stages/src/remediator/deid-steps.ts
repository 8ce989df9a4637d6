import {
  ActionCounts,
  applyDeidentification,
  DeidPlan,
  DeidResult,
  DicomObject,
  encryptOriginalAttributes,
  GantryPipelineConfig,
  isGantryError,
  KeyRing,
  planDeidentification,
  writeDicom,
} from '@gantry/domain';
import { PermanentError } from '@gantry/platform';

/**
 * The domain steps of remediation. Each failure of the domain is a GantryError whose code
 * names what went wrong and whose message holds no value; the same input fails the same
 * way every time, so it becomes a dead letter under that code instead of a retry loop.
 */
function orDeadLetter<T>(what: string, step: () => T): T {
  try {
    return step();
  } catch (e) {
    if (isGantryError(e)) throw new PermanentError(e.code, `${what} failed`, { cause: e });
    throw e;
  }
}

export const planOf = (obj: DicomObject, config: GantryPipelineConfig): DeidPlan =>
  orDeadLetter('planning', () => planDeidentification(obj, config));

export const applyPlan = (obj: DicomObject, plan: DeidPlan, config: GantryPipelineConfig, keys: KeyRing): DeidResult =>
  orDeadLetter('de-identification', () => applyDeidentification(obj, plan, config, keys));

/** PS3.15 E.1.1: the originals of what changed, encrypted for the configured recipient. */
export const protectOriginals = (result: DeidResult, certificatePem: string): DicomObject =>
  orDeadLetter('encryption of the originals', () => encryptOriginalAttributes(result.object, result.changed, certificatePem));

export const encode = (obj: DicomObject): Uint8Array => orDeadLetter('encoding', () => writeDicom(obj));

/** The applied counts, without the actions that did not occur. */
export const appliedCounts = (counts: DeidResult['counts']): ActionCounts =>
  Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
