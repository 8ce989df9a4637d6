import type { AtRiskConfig, RedactionConfig, RedactionConfigInput } from './redaction-types';

/**
 * By default an image needs a rule when its header says Burned In Annotation YES, when
 * it is ultrasound, secondary capture, angiography or "other" (the modalities that
 * capture screens), or when its SOP class is Secondary Capture.
 */
export const DEFAULT_AT_RISK: AtRiskConfig = Object.freeze({
  burnedInAnnotation: true,
  modalities: Object.freeze(['US', 'SC', 'XA', 'OT']),
  secondaryCapture: true,
});

/** Fill every default into a schema-valid section (absent: no machines, default at-risk). */
export function redactionWithDefaults(input: RedactionConfigInput | undefined): RedactionConfig {
  const atRisk = input?.atRisk ?? {};
  return {
    machines: [...(input?.machines ?? [])],
    atRisk: {
      burnedInAnnotation: atRisk.burnedInAnnotation ?? DEFAULT_AT_RISK.burnedInAnnotation,
      modalities: [...(atRisk.modalities ?? DEFAULT_AT_RISK.modalities)],
      secondaryCapture: atRisk.secondaryCapture ?? DEFAULT_AT_RISK.secondaryCapture,
    },
  };
}
