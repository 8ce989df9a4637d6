import { dataSchemaUri, envelopeSchema } from '@gantry/domain';
import { CE, CE_SPEC_VERSION, JSON_CONTENT_TYPE } from '@gantry/platform';

const envelope = envelopeSchema.properties;
const uuid = { type: 'string', format: 'uuid' } as const;

/**
 * The CloudEvents binary-mode headers of one event type, as the relay writes them
 * (cloud-event-codec.ts): each header constrained like the envelope field it carries,
 * plus the type and data schema fixed for this message. Further headers are allowed
 * (NATS adds its own, such as Nats-Expected-Stream).
 */
export function cloudEventHeadersSchema(type: string): object {
  const properties: Record<string, object> = {
    [CE.specversion]: { type: 'string', const: CE_SPEC_VERSION },
    [CE.id]: uuid,
    [CE.type]: { type: 'string', const: type },
    [CE.source]: envelope.source,
    [CE.time]: envelope.time,
    [CE.subject]: envelope.subject,
    [CE.dataschema]: { type: 'string', const: dataSchemaUri(type) },
    [CE.correlationId]: uuid,
    [CE.causationId]: uuid,
    [CE.traceparent]: envelope.traceparent,
    [CE.contentType]: { type: 'string', const: JSON_CONTENT_TYPE },
    [CE.msgId]: { ...uuid, description: 'Equals ce-id: JetStream deduplicates republished events by it.' },
  };
  const optional: string[] = [CE.causationId];
  return {
    type: 'object',
    description: 'CloudEvents 1.0 attributes in binary content mode, plus Gantry correlation and W3C trace context.',
    required: Object.keys(properties).filter((name) => !optional.includes(name)),
    properties,
  };
}
