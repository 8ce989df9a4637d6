import { IngestOutcome } from './ingest-outcome';

export interface StowResult {
  outcome: IngestOutcome;
}

/** PS3.18 failure reasons used in the Failed SOP Sequence. */
const FAILURE = {
  cannotUnderstand: 0xc000,
  duplicateConflict: 0x0111,
  studyMismatch: 0xa900,
} as const;

type DicomJson = Record<string, { vr: string; Value?: unknown[] }>;

const uidItem = (o: IngestOutcome): DicomJson => ({
  '00081150': { vr: 'UI', ...(o.uids ? { Value: [o.uids.sopClassUid] } : {}) },
  '00081155': { vr: 'UI', ...(o.uids ? { Value: [o.uids.sopInstanceUid] } : {}) },
});

function failureReason(o: IngestOutcome): number {
  if (o.kind !== 'rejected') return FAILURE.cannotUnderstand;
  if (o.reason === 'UID_CONFLICT') return FAILURE.duplicateConflict;
  if (o.reason === 'STUDY_MISMATCH') return FAILURE.studyMismatch;
  return FAILURE.cannotUnderstand;
}

/**
 * The STOW-RS response body (application/dicom+json): Referenced SOP Sequence for stored
 * (and already stored, identical) instances, Failed SOP Sequence with a reason otherwise.
 * It echoes only the UIDs the sender supplied.
 */
export function stowResponse(results: readonly StowResult[]): DicomJson {
  const stored = results.filter((r) => r.outcome.kind !== 'rejected').map((r) => uidItem(r.outcome));
  const failed = results
    .filter((r) => r.outcome.kind === 'rejected')
    .map((r) => ({ ...uidItem(r.outcome), '00081197': { vr: 'US', Value: [failureReason(r.outcome)] } }));
  return {
    ...(stored.length ? { '00081199': { vr: 'SQ', Value: stored } } : {}),
    ...(failed.length ? { '00081198': { vr: 'SQ', Value: failed } } : {}),
  };
}
