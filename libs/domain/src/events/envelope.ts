import { randomBytes, randomUUID } from 'node:crypto';

/**
 * The event envelope: CloudEvents attributes plus Gantry's correlation fields.
 * `subject` is an opaque key (an HMAC of an identifier under the deployment key),
 * never a UID or any value read from a DICOM object.
 */
export interface EventEnvelope<T extends string = string, D = unknown> {
  readonly id: string;
  readonly type: T;
  readonly source: string;
  readonly time: string;
  readonly subject: string;
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly traceparent: string;
  readonly data: D;
}

/** The fields of the envelope other than `data`, as persisted in event metadata. */
export type EnvelopeMetadata = Omit<EventEnvelope, 'data' | 'id' | 'type'>;

export interface NewEventInput<T extends string, D> {
  type: T;
  source: string;
  subject: string;
  data: D;
  /** The event that caused this one; its ids and trace flow on. */
  causedBy?: Pick<EventEnvelope, 'id' | 'correlationId' | 'traceparent'> | null;
  correlationId?: string;
  time?: Date;
  id?: string;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** Starts a new W3C trace, or continues `parent`'s trace with a fresh span id. */
export function childTraceparent(parent?: string | null): string {
  const span = randomBytes(8).toString('hex');
  const m = parent ? TRACEPARENT.exec(parent) : null;
  if (m) return `00-${m[1]}-${span}-${m[3]}`;
  return `00-${randomBytes(16).toString('hex')}-${span}-01`;
}

/** Builds an envelope; correlation and trace are inherited from the causing event. */
export function newEvent<T extends string, D>(input: NewEventInput<T, D>): EventEnvelope<T, D> {
  const id = input.id ?? randomUUID();
  const parent = input.causedBy ?? null;
  return {
    id,
    type: input.type,
    source: input.source,
    time: (input.time ?? new Date()).toISOString(),
    subject: input.subject,
    correlationId: input.correlationId ?? parent?.correlationId ?? id,
    causationId: parent?.id ?? null,
    traceparent: childTraceparent(parent?.traceparent),
    data: input.data,
  };
}
