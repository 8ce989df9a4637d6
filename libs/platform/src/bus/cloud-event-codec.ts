import { headers as natsHeaders, MsgHdrs } from '@nats-io/transport-node';
import { dataSchemaUri, EventEnvelope, GantryEvent } from '@gantry/domain';
import { WireFormatError } from './errors';

/**
 * CloudEvents 1.0 in binary content mode over NATS: the envelope travels as `ce-*`
 * headers and the body is the JSON of `data` only, so a subscriber that knows nothing of
 * Gantry can still route and trace by headers. Every header value is an id, a code, a
 * time or an opaque key: the event schemas guarantee no patient value can reach them.
 */
export const CE = {
  specversion: 'ce-specversion',
  id: 'ce-id',
  type: 'ce-type',
  source: 'ce-source',
  time: 'ce-time',
  subject: 'ce-subject',
  dataschema: 'ce-dataschema',
  correlationId: 'ce-correlationid',
  causationId: 'ce-causationid',
  traceparent: 'traceparent',
  contentType: 'content-type',
  msgId: 'Nats-Msg-Id',
} as const;

export const CE_SPEC_VERSION = '1.0';
export const JSON_CONTENT_TYPE = 'application/json';

export interface EncodedEvent {
  headers: MsgHdrs;
  body: Uint8Array;
}

/** Encodes an event for publishing; `Nats-Msg-Id` = event id makes JetStream dedupe republishes. */
export function encodeCloudEvent(event: GantryEvent): EncodedEvent {
  const h = natsHeaders();
  h.set(CE.specversion, CE_SPEC_VERSION);
  h.set(CE.id, event.id);
  h.set(CE.type, event.type);
  h.set(CE.source, event.source);
  h.set(CE.time, event.time);
  h.set(CE.subject, event.subject);
  h.set(CE.dataschema, dataSchemaUri(event.type));
  h.set(CE.correlationId, event.correlationId);
  if (event.causationId !== null) h.set(CE.causationId, event.causationId);
  h.set(CE.traceparent, event.traceparent);
  h.set(CE.contentType, JSON_CONTENT_TYPE);
  h.set(CE.msgId, event.id);
  return { headers: h, body: Buffer.from(JSON.stringify(event.data), 'utf8') };
}

/** Header names only: reading goes through this so tests can decode without a MsgHdrs. */
export interface HeaderSource {
  get(name: string): string;
}

const REQUIRED = [CE.id, CE.type, CE.source, CE.time, CE.subject, CE.correlationId, CE.traceparent] as const;

/**
 * Rebuilds the envelope from a message. Only the transport shape is checked here (the
 * header set, the spec version, JSON); the caller validates the result against the event
 * schemas. Errors name the missing headers and never echo a value.
 */
export function decodeCloudEvent(headers: HeaderSource | undefined, body: Uint8Array): EventEnvelope {
  if (!headers) throw new WireFormatError('message has no headers');
  const version = headers.get(CE.specversion);
  if (version !== CE_SPEC_VERSION) throw new WireFormatError(`unsupported ${CE.specversion}`);
  const missing = REQUIRED.filter((name) => headers.get(name) === '');
  if (missing.length > 0) throw new WireFormatError(`missing headers: ${missing.join(', ')}`);
  return {
    id: headers.get(CE.id),
    type: headers.get(CE.type),
    source: headers.get(CE.source),
    time: headers.get(CE.time),
    subject: headers.get(CE.subject),
    correlationId: headers.get(CE.correlationId),
    causationId: headers.get(CE.causationId) || null,
    traceparent: headers.get(CE.traceparent),
    data: parseBody(body),
  };
}

function parseBody(body: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8')) as unknown;
  } catch (cause) {
    // The parser's message quotes the offending text; keep it out of the error.
    throw new WireFormatError('body is not JSON', { cause: cause instanceof Error ? cause.name : undefined });
  }
}
