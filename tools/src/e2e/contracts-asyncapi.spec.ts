import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser } from '@asyncapi/parser';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import {
  dataSchemaUri,
  EVENT_DATA_SCHEMAS,
  EVENT_TYPES,
  EXPORT_BLOCKED,
  GantryEvent,
  INSTANCE_EXPORTED,
  newEvent,
} from '@gantry/domain';
import { buildDeadLetter, encodeCloudEvent, subjectFor } from '@gantry/platform';
import { contractId } from '../generate/asyncapi';
import { ASYNCAPI_FILE, schemaFile } from '../generate/asyncapi-files';
import { CONTRACTS_DIR, staleContractFiles } from '../generate/asyncapi-main';

type Json = Record<string, unknown>;

const text = readFileSync(join(CONTRACTS_DIR, ASYNCAPI_FILE), 'utf8');
const doc = parse(text) as Json;

/** Follows a local `$ref` ('#/components/...') in the raw document. */
function deref(node: unknown): Json {
  const ref = (node as { $ref?: string }).$ref;
  if (!ref) return node as Json;
  return ref
    .slice(2)
    .split('/')
    .reduce<unknown>((at, key) => (at as Json)[key.replace(/~1/g, '/').replace(/~0/g, '~')], doc) as Json;
}

const messageOf = (type: string): Json => deref((doc['components'] as { messages: Json }).messages[contractId(type)]);

const key = 'a'.repeat(32);
const exported = newEvent({
  type: INSTANCE_EXPORTED,
  source: 'gantry/exporter',
  subject: key,
  data: { key, destination: { name: 'research', kind: 'folder' }, sha256: 'b'.repeat(64), size: 1024, configVersion: 1, location: 'GANTRY-0001/1.2.3/4.dcm' },
}) as GantryEvent;
const blocked = newEvent({
  type: EXPORT_BLOCKED,
  source: 'gantry/exporter',
  subject: key,
  causedBy: exported,
  data: { key, configVersion: 1, reasons: ['KNOWN_VALUE_FOUND'], paths: ['(0010,0010)'] },
}) as GantryEvent;
const letter = buildDeadLetter({ consumer: 'exporter', eventId: exported.id, eventType: exported.type, reason: 'BLOB_MISSING', deliveries: 5, generation: '0', original: exported });
const samples: GantryEvent[] = [exported, blocked, letter];

const headersOf = (event: GantryEvent): Record<string, string> => {
  const { headers } = encodeCloudEvent(event);
  return Object.fromEntries([...headers.keys()].map((name) => [name, headers.get(name)]));
};

describe('the published AsyncAPI contract (contracts/)', () => {
  it('is exactly what the generator makes from the schemas ajv validates events with', () => {
    expect(staleContractFiles()).toEqual([]);
  });

  it('is a valid AsyncAPI 3 document for @asyncapi/parser, without errors or warnings', async () => {
    const { document, diagnostics } = await new Parser().parse(text);
    expect(diagnostics.filter((d) => d.severity <= 1).map((d) => `${d.code}: ${d.message} at ${d.path.join('.')}`)).toEqual([]);
    expect(document?.version()).toMatch(/^3\./);
    expect(document?.allMessages().all().map((m) => m.name()).sort()).toEqual([...EVENT_TYPES].sort());
    expect(document?.operations().all().every((o) => o.action() === 'send')).toBe(true);
  });

  it('lists every event type with its exact payload schema and a channel for its subject', () => {
    for (const type of EVENT_TYPES) {
      const message = messageOf(type);
      expect(message['name']).toBe(type);
      expect(deref(message['payload'])).toEqual(EVENT_DATA_SCHEMAS[type]);
      const channel = (doc['channels'] as Json)[contractId(type)] as { address: string };
      const sample = samples.find((s) => s.type === type);
      if (sample) expect(channel.address.replace('{prefix}', 'gantry').replace('{consumer}', 'exporter')).toBe(subjectFor(sample, 'gantry'));
      else expect(channel.address).toBe(`{prefix}${type.slice('gantry'.length)}`);
    }
  });

  it('describes the CloudEvents headers the codec writes, per message', () => {
    const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));
    for (const event of samples) {
      const headers = headersOf(event);
      const validate = ajv.compile(deref(messageOf(event.type)['headers']));
      expect({ type: event.type, valid: validate(headers), errors: validate.errors ?? null }).toEqual({ type: event.type, valid: true, errors: null });
      expect(headers['ce-dataschema']).toBe(dataSchemaUri(event.type));
    }
    const wrongType = { ...headersOf(exported), 'ce-type': EXPORT_BLOCKED };
    expect(ajv.compile(deref(messageOf(INSTANCE_EXPORTED)['headers']))(wrongType)).toBe(false);
  });

  it('publishes each payload schema as a JSON Schema at the path its ce-dataschema URI names', () => {
    const ajv = addFormats(new Ajv({ allErrors: true, strict: true }));
    for (const type of EVENT_TYPES) {
      const schema = JSON.parse(readFileSync(join(CONTRACTS_DIR, schemaFile(type)), 'utf8')) as Json;
      expect(schema['$id']).toBe(dataSchemaUri(type));
      ajv.addSchema(schema);
    }
    for (const event of samples) expect(ajv.validate(dataSchemaUri(event.type), event.data)).toBe(true);
    expect(ajv.validate(dataSchemaUri(EXPORT_BLOCKED), { ...blocked.data, patientName: 'DOE^JANE' })).toBe(false);
  });
});
