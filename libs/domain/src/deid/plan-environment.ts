import type { DeidConfig } from '../config/config-types';
import type { DicomObject } from '../dicom/parse-dicom';
import { iodForSopClass } from '../standard/sop-classes';
import type { ProfileOption } from '../standard/types';
import { compiledRules, type CompiledRules } from './compiled-rules';
import type { PlanContext } from './deid-types';
import { identifierMatchers, type IdentifierMatcher } from './identifiers';
import { enabledOptions } from './profile-action';

/** Everything the per-element decisions need, computed once per object. */
export interface PlanEnvironment {
  readonly config: DeidConfig;
  readonly enabled: readonly ProfileOption[];
  readonly modifiedDates: boolean;
  readonly rules: CompiledRules;
  /** The IOD compound codes are resolved against; undefined when the SOP class is unknown. */
  readonly iod: string | undefined;
  readonly identifiers: readonly IdentifierMatcher[];
}

export function planEnvironment(obj: DicomObject, config: DeidConfig, ctx: PlanContext): PlanEnvironment {
  const sopClass = obj.dataset.string('00080016');
  return {
    config,
    enabled: enabledOptions(config.options),
    modifiedDates: config.options.retainLongitudinalModifiedDates,
    rules: compiledRules(config),
    iod: ctx.iod ?? (sopClass === undefined ? undefined : iodForSopClass(sopClass)),
    identifiers: identifierMatchers(obj, config.pseudonyms.patientIdPrefix),
  };
}
