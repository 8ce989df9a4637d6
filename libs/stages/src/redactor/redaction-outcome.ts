import { INSTANCE_REDACTED, InstanceRedactedData, REDACTION_HELD, RedactionHeldData } from '@gantry/domain';

/** The redactor's answer for one instance: Redacted (with or without zones) or held. */
export type RedactionOutcome =
  | { readonly type: typeof INSTANCE_REDACTED; readonly data: InstanceRedactedData }
  | { readonly type: typeof REDACTION_HELD; readonly data: RedactionHeldData };

/** The event types that answer an instance; a cause answered by either is not redone. */
export const REDACTION_ANSWERS = [INSTANCE_REDACTED, REDACTION_HELD] as const;
