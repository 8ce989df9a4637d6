import type { RedactionConfig, RedactionHeader } from './redaction-types';

export type AtRiskReason = 'BURNED_IN_ANNOTATION' | 'RISKY_MODALITY' | 'SECONDARY_CAPTURE';

const SC_ROOT = '1.2.840.10008.5.1.4.1.1.7';

export interface AtRiskVerdict {
  readonly atRisk: boolean;
  readonly reasons: AtRiskReason[];
}

/**
 * Whether an image may show burned-in text and so needs a machine rule before export,
 * with every reason that applied (codes only, never header values).
 */
export function isAtRisk(config: Pick<RedactionConfig, 'atRisk'>, header: RedactionHeader): AtRiskVerdict {
  const { atRisk } = config;
  const reasons: AtRiskReason[] = [];
  if (atRisk.burnedInAnnotation && (header.burnedInAnnotation ?? '').trim().toUpperCase() === 'YES') reasons.push('BURNED_IN_ANNOTATION');
  const modality = (header.modality ?? '').trim().toUpperCase();
  if (modality !== '' && atRisk.modalities.some((m) => m.toUpperCase() === modality)) reasons.push('RISKY_MODALITY');
  const sop = (header.sopClassUid ?? '').trim();
  if (atRisk.secondaryCapture && (sop === SC_ROOT || sop.startsWith(`${SC_ROOT}.`))) reasons.push('SECONDARY_CAPTURE');
  return { atRisk: reasons.length > 0, reasons };
}
