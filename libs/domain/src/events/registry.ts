import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { GantryError } from '../errors';
import { EventEnvelope } from './envelope';
import {
  IMPORT_COMPLETED,
  importCompletedSchema,
  ImportCompletedData,
  INSTANCE_DUPLICATED,
  INSTANCE_INGESTED,
  INSTANCE_REJECTED,
  instanceDuplicatedSchema,
  InstanceDuplicatedData,
  instanceIngestedSchema,
  InstanceIngestedData,
  instanceRejectedSchema,
  InstanceRejectedData,
} from './instance-ingest.events';
import { CONFIG_CHANGED, configChangedSchema, ConfigChangedData } from './config.events';
import {
  INSTANCE_REMEDIATED,
  instanceRemediatedSchema,
  InstanceRemediatedData,
  PHI_FOUND,
  phiFoundSchema,
  PhiFoundData,
} from './instance-deid.events';
import {
  EXPORT_BLOCKED,
  exportBlockedSchema,
  ExportBlockedData,
  INSTANCE_EXPORTED,
  instanceExportedSchema,
  InstanceExportedData,
} from './instance-export.events';
import { INSTANCE_INDEXED, instanceIndexedSchema, InstanceIndexedData } from './instance-index.events';
import {
  INSTANCE_REDACTED,
  instanceRedactedSchema,
  InstanceRedactedData,
  REDACTION_HELD,
  redactionHeldSchema,
  RedactionHeldData,
} from './instance-redaction.events';
import {
  DEAD_LETTER_REPLAYED,
  deadLetterReplayedSchema,
  DeadLetterReplayedData,
  MESSAGE_DEAD_LETTERED,
  messageDeadLetteredSchema,
  MessageDeadLetteredData,
} from './operations.events';

/** Payload type per event type: the compile-time half of the contract. */
export interface EventDataMap {
  [INSTANCE_INGESTED]: InstanceIngestedData;
  [INSTANCE_REJECTED]: InstanceRejectedData;
  [INSTANCE_DUPLICATED]: InstanceDuplicatedData;
  [IMPORT_COMPLETED]: ImportCompletedData;
  [INSTANCE_INDEXED]: InstanceIndexedData;
  [PHI_FOUND]: PhiFoundData;
  [INSTANCE_REMEDIATED]: InstanceRemediatedData;
  [INSTANCE_REDACTED]: InstanceRedactedData;
  [REDACTION_HELD]: RedactionHeldData;
  [INSTANCE_EXPORTED]: InstanceExportedData;
  [EXPORT_BLOCKED]: ExportBlockedData;
  [CONFIG_CHANGED]: ConfigChangedData;
  [MESSAGE_DEAD_LETTERED]: MessageDeadLetteredData;
  [DEAD_LETTER_REPLAYED]: DeadLetterReplayedData;
}
export type EventType = keyof EventDataMap;
/** Distributive, so checking `event.type` narrows `event.data`. */
export type GantryEvent<T extends EventType = EventType> = T extends EventType ? EventEnvelope<T, EventDataMap[T]> : never;

/** Payload schema per event type: the run-time half of the contract. */
export const EVENT_DATA_SCHEMAS: { readonly [T in EventType]: object } = {
  [INSTANCE_INGESTED]: instanceIngestedSchema,
  [INSTANCE_REJECTED]: instanceRejectedSchema,
  [INSTANCE_DUPLICATED]: instanceDuplicatedSchema,
  [IMPORT_COMPLETED]: importCompletedSchema,
  [INSTANCE_INDEXED]: instanceIndexedSchema,
  [PHI_FOUND]: phiFoundSchema,
  [INSTANCE_REMEDIATED]: instanceRemediatedSchema,
  [INSTANCE_REDACTED]: instanceRedactedSchema,
  [REDACTION_HELD]: redactionHeldSchema,
  [INSTANCE_EXPORTED]: instanceExportedSchema,
  [EXPORT_BLOCKED]: exportBlockedSchema,
  [CONFIG_CHANGED]: configChangedSchema,
  [MESSAGE_DEAD_LETTERED]: messageDeadLetteredSchema,
  [DEAD_LETTER_REPLAYED]: deadLetterReplayedSchema,
};

export const EVENT_TYPES = Object.keys(EVENT_DATA_SCHEMAS) as EventType[];
export const SCHEMA_BASE_URI = 'https://schemas.gantry.dev/events/';
export const dataSchemaUri = (type: string): string => `${SCHEMA_BASE_URI}${type}.json`;

export const envelopeSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'type', 'source', 'time', 'subject', 'correlationId', 'causationId', 'traceparent', 'data'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    type: { type: 'string', enum: EVENT_TYPES },
    source: { type: 'string', pattern: '^gantry/[a-z][a-z0-9-]{0,63}$' },
    time: { type: 'string', format: 'date-time' },
    subject: { type: 'string', pattern: '^[a-z0-9-]{1,80}$' },
    correlationId: { type: 'string', format: 'uuid' },
    causationId: { type: ['string', 'null'], format: 'uuid' },
    traceparent: { type: 'string', pattern: '^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$' },
    data: { type: 'object' },
  },
} as const;

export class InvalidEventError extends GantryError {
  constructor(
    readonly eventType: string,
    readonly problems: string[],
  ) {
    super('INVALID_EVENT', `event ${eventType} violates its schema: ${problems.join('; ')}`);
  }
}

/** Ajv errors name the JSON pointer and the rule; they never echo the offending value. */
const describe = (errors: ErrorObject[] | null | undefined): string[] =>
  (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}`);

interface Compiled {
  envelope: ValidateFunction;
  data: Map<string, ValidateFunction>;
}
let compiled: Compiled | null = null;

/** Compiles every schema once, on first use. */
function validators(): Compiled {
  if (compiled) return compiled;
  const ajv = new Ajv({ allErrors: true, strict: true });
  addFormats(ajv);
  const data = new Map<string, ValidateFunction>();
  for (const type of EVENT_TYPES) {
    data.set(type, ajv.compile({ $id: dataSchemaUri(type), ...EVENT_DATA_SCHEMAS[type] }));
  }
  compiled = { envelope: ajv.compile(envelopeSchema), data };
  return compiled;
}

export const isEventType = (type: string): type is EventType => type in EVENT_DATA_SCHEMAS;

/** Throws InvalidEventError unless the envelope and its payload satisfy their schemas. */
export function assertValidEvent(event: EventEnvelope): asserts event is GantryEvent {
  const v = validators();
  const type = String(event.type);
  if (!v.envelope(event)) throw new InvalidEventError(type, describe(v.envelope.errors));
  const validateData = v.data.get(type);
  if (!validateData) throw new InvalidEventError(type, ['unknown event type']);
  if (!validateData(event.data)) throw new InvalidEventError(type, describe(validateData.errors));
}
