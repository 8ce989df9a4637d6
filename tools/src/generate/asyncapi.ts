import { EVENT_DATA_SCHEMAS, EVENT_TYPES, EventType, MESSAGE_DEAD_LETTERED, envelopeSchema } from '@gantry/domain';
import { subjectForType } from '@gantry/platform';
import { cloudEventHeadersSchema } from './asyncapi-headers';

/** Bumped on any change to the document; event majors live in the subjects (`.v1`), see docs/VERSIONING.md. */
export const CONTRACT_VERSION = '1.0.0';

/** `gantry.instance.export-blocked.v1` → `instanceExportBlockedV1`: ids for channels, messages, operations. */
export function contractId(type: string): string {
  const words = type.replace(/^gantry\./, '').split(/[.-]/);
  return words.map((w, i) => (i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1))).join('');
}

const DESCRIPTION = [
  'Events of the Gantry de-identification pipeline, as its relay publishes them to NATS JetStream',
  '(stream `GANTRY_EVENTS` by default, Limits retention, capturing `<prefix>.>`).',
  '',
  'Every message is a CloudEvent in binary content mode: the envelope travels in `ce-*` headers and the body',
  'is the JSON `data` only. Payloads carry opaque keys, codes, tag paths and numbers; every string is bounded',
  'by a pattern or an enum, so no patient value can appear in them. Subscribers should create their own',
  'durable consumer (one `filter_subject` each on nats-server 2.9) and never share a stage\'s durable.',
  '',
  'Versioning: additive changes keep `.v1`; a breaking change publishes `.v2` next to `.v1` (dual-publish)',
  'until subscribers have moved. See docs/VERSIONING.md.',
].join('\n');

/** The channel address: the subject with the deployment prefix as a parameter. */
const addressOf = (type: EventType): string =>
  type === MESSAGE_DEAD_LETTERED ? '{prefix}.dlq.{consumer}' : subjectForType(type, '{prefix}');

function channel(type: EventType): object {
  const id = contractId(type);
  const parameters: Record<string, object> = { prefix: { $ref: '#/components/parameters/prefix' } };
  if (type === MESSAGE_DEAD_LETTERED) parameters['consumer'] = { $ref: '#/components/parameters/consumer' };
  return {
    address: addressOf(type),
    title: type,
    parameters,
    messages: { [id]: { $ref: `#/components/messages/${id}` } },
  };
}

function message(type: EventType): object {
  return {
    name: type,
    title: type,
    summary: `CloudEvent ${type}; body = its data.`,
    contentType: 'application/json',
    correlationId: { $ref: '#/components/correlationIds/correlation' },
    headers: { $ref: `#/components/schemas/headers.${type}` },
    payload: { $ref: `#/components/schemas/${type}` },
  };
}

function operation(type: EventType): object {
  const id = contractId(type);
  return {
    action: 'send',
    title: `Publish ${type}`,
    summary: `Gantry publishes ${type} once the event is committed to its event store.`,
    channel: { $ref: `#/channels/${id}` },
    messages: [{ $ref: `#/channels/${id}/messages/${id}` }],
  };
}

const byType = <T>(build: (type: EventType) => T, key: (type: EventType) => string = contractId): Record<string, T> =>
  Object.fromEntries(EVENT_TYPES.map((type) => [key(type), build(type)]));

function components(): object {
  return {
    parameters: {
      prefix: { default: 'gantry', description: 'Deployment subject prefix (GANTRY_SUBJECT_PREFIX).' },
      consumer: { description: 'The stage consumer that gave up on the message (indexer, inspector, remediator, redactor, exporter, ...).' },
    },
    correlationIds: {
      correlation: { description: 'Shared by every event caused by the same input.', location: '$message.header#/ce-correlationid' },
    },
    messages: byType(message),
    schemas: {
      envelope: { ...envelopeSchema, description: 'The event as stored (structured form): the headers above plus `data`.' },
      ...byType((type) => EVENT_DATA_SCHEMAS[type], (type) => type),
      ...byType(cloudEventHeadersSchema, (type) => `headers.${type}`),
    },
  };
}

/** The AsyncAPI 3 document of every event, generated from the schemas ajv validates with. */
export function buildAsyncApiDocument(): object {
  return {
    asyncapi: '3.1.0',
    id: 'urn:gantry:events',
    info: {
      title: 'Gantry pipeline events',
      version: CONTRACT_VERSION,
      description: DESCRIPTION,
      license: { name: 'UNLICENSED' },
      tags: [{ name: 'dicom' }, { name: 'de-identification' }, { name: 'cloudevents' }],
    },
    defaultContentType: 'application/json',
    servers: {
      jetstream: {
        host: 'nats.gantry.svc.cluster.local:4222',
        protocol: 'nats',
        description: 'The deployment\'s NATS server with JetStream (GANTRY_NATS_URL).',
      },
    },
    channels: byType(channel),
    operations: byType(operation, (type) => `publish${contractId(type).charAt(0).toUpperCase()}${contractId(type).slice(1)}`),
    components: components(),
  };
}
