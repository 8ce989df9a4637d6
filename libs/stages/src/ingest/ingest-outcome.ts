import { RejectReason } from '@gantry/domain';

/** What happened to one input. Every input gets exactly one outcome and one event. */
export type IngestOutcome = (
  | { kind: 'ingested'; key: string; eventId: string }
  | { kind: 'duplicate'; key: string; eventId: string }
  | { kind: 'rejected'; key: string; eventId: string; reason: RejectReason }
) & {
  /**
   * The instance's own UIDs, for protocol replies to the sender that supplied them
   * (STOW-RS, C-STORE). In-process only: never logged, never put in an event.
   */
  uids?: { sopClassUid: string; sopInstanceUid: string };
};

export interface IngestContext {
  source: 'file' | 'cstore' | 'stow';
  batchId?: string;
  /** STOW-RS `POST /studies/{study}`: instances of another study are refused. */
  expectedStudyUid?: string;
}
