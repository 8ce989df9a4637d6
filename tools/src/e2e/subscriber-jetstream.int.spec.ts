import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { jetstream, jetstreamManager, JetStreamManager, MsgRequest } from '@nats-io/jetstream';
import { dataSchemaUri, EXPORT_BLOCKED, GantryEvent, INSTANCE_EXPORTED, INSTANCE_INGESTED, newEvent } from '@gantry/domain';
import { encodeCloudEvent, ensureConsumer, EventStore, loadConfig, RelayHandle, runRelay } from '@gantry/platform';
import { EmbeddedPipeline } from '@gantry/stages';
import { createTestEnvironment, TestEnvironment } from '@gantry/testing';
import { eventually, REPO_ROOT } from './support/processes';

interface Line {
  event: string;
  type?: string;
  id?: string;
  valid?: boolean;
  problems?: string[];
  durables?: string[];
}

/** The example subscriber as a separate program, as a hospital system would run it. */
function startSubscriber(env: TestEnvironment, durable: string): { child: ChildProcess; lines: Line[]; exited: Promise<number | null> } {
  const js = env.jetstream!;
  const child = spawn(process.execPath, [join(REPO_ROOT, 'examples/subscriber/dist/main.js'), '--servers', js.servers, '--stream', js.stream, '--prefix', js.prefix, '--durable', durable], {
    env: { PATH: process.env['PATH'] ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Line[] = [];
  let buffered = '';
  child.stdout?.on('data', (d: Buffer) => {
    buffered += d.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    parts.filter((p) => p.trim()).forEach((p) => lines.push(JSON.parse(p) as Line));
  });
  child.stderr?.on('data', (d: Buffer) => process.stderr.write(d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, lines, exited };
}

const key = randomBytes(16).toString('hex');
const exported = newEvent({
  type: INSTANCE_EXPORTED,
  source: 'gantry/exporter',
  subject: key,
  data: { key, destination: { name: 'research', kind: 'folder' }, sha256: 'c'.repeat(64), size: 2048, configVersion: 1, location: 'GANTRY-0001/1.dcm' },
}) as GantryEvent;
const ingested = newEvent({
  type: INSTANCE_INGESTED,
  source: 'gantry/ingest',
  subject: key,
  data: { key, blobKey: `raw/cc/${'c'.repeat(64)}.dcm`, sopClassUid: '1.2.840.10008.5.1.4.1.1.2', transferSyntaxUid: '1.2.840.10008.1.2.1', size: 2048, sha256: 'c'.repeat(64), source: 'file' },
}) as GantryEvent;
const blocked = newEvent({
  type: EXPORT_BLOCKED,
  source: 'gantry/exporter',
  subject: key,
  data: { key, configVersion: 1, reasons: ['PIXEL_RISK_UNRESOLVED'], paths: ['(7FE0,0010)'] },
}) as GantryEvent;

describe('the example subscriber on the real JetStream, fed by the real relay from a Postgres store', () => {
  let env: TestEnvironment;
  let pipeline: EmbeddedPipeline;
  let store: EventStore;
  let relay: RelayHandle;
  let jsm: JetStreamManager;

  beforeAll(async () => {
    env = await createTestEnvironment({ nats: true });
    pipeline = await EmbeddedPipeline.start(loadConfig(env.env), { stages: [], consume: false });
    store = pipeline.app.get(EventStore);
    const js = env.jetstream!;
    relay = await runRelay({ store, servers: js.servers, stream: js.stream, prefix: js.prefix, tuning: { pollMs: 100 } });
    jsm = await jetstreamManager(js.connection);
  }, 60_000);
  afterAll(async () => {
    await relay?.stop();
    await pipeline?.close();
    await env?.cleanup();
  }, 60_000);

  it('receives Exported and ExportBlocked on its own durables, validates them, and refuses a forged payload', async () => {
    const js = env.jetstream!;
    // A stage's durable with a backlog: the subscriber must leave it exactly as it is.
    await ensureConsumer(jsm, { stream: js.stream, name: 'indexer', filterSubject: `${js.prefix}.instance.ingested.v1`, ackWaitMs: 30_000, maxAckPending: 100 });
    await store.append(`instance-${key}`, [ingested, exported, blocked]);

    const sub = startSubscriber(env, 'hospital-pacs');
    const ready = await eventually(async () => sub.lines.find((l) => l.event === 'ready'));
    expect(ready.durables).toEqual(['hospital-pacs-exported', 'hospital-pacs-export-blocked']);
    await eventually(async () => (sub.lines.filter((l) => l.event === 'received').length === 2 ? true : undefined));

    // Right headers, wrong body: a field the contract does not allow (where a patient value could hide).
    const forged = encodeCloudEvent({ ...exported, id: randomUUID() } as GantryEvent);
    const body = Buffer.from(JSON.stringify({ ...exported.data, patientName: 'DOE^JANE' }));
    await jetstream(js.connection).publish(`${js.prefix}.instance.exported.v1`, body, { headers: forged.headers });

    const received = await eventually(async () => {
      const r = sub.lines.filter((l) => l.event === 'received');
      return r.length === 3 ? r : undefined;
    });
    expect(received.slice(0, 2)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: INSTANCE_EXPORTED, id: exported.id, valid: true, problems: [] }),
        expect.objectContaining({ type: EXPORT_BLOCKED, id: blocked.id, valid: true, problems: [] }),
      ]),
    );
    expect(received[2]).toMatchObject({ type: INSTANCE_EXPORTED, valid: false, problems: ['data/ must NOT have additional properties'] });
    expect(JSON.stringify(sub.lines)).not.toContain('DOE^JANE');

    const stage = await jsm.consumers.info(js.stream, 'indexer');
    expect([stage.num_pending, stage.num_ack_pending, stage.delivered.stream_seq]).toEqual([1, 0, 0]);
    expect((await jsm.streams.info(js.stream)).state.messages).toBe(4);

    sub.child.kill('SIGTERM');
    expect(await sub.exited).toBe(0);
    expect(sub.lines.at(-1)).toEqual({ event: 'stopped' });

    // Durable: a restarted subscriber resumes after what it acknowledged (and what it terminated).
    const again = startSubscriber(env, 'hospital-pacs');
    await eventually(async () => again.lines.find((l) => l.event === 'ready'));
    await new Promise((r) => setTimeout(r, 1_000));
    expect(again.lines.filter((l) => l.event === 'received')).toEqual([]);
    again.child.kill('SIGTERM');
    await again.exited;
  }, 90_000);

  it('relays each event as a CloudEvent in binary mode: ce-* headers and the bare data as body', async () => {
    const js = env.jetstream!;
    for (const event of [exported, blocked]) {
      const subject = `${js.prefix}${event.type.slice('gantry'.length)}`;
      const msg = await jsm.streams.getMessage(js.stream, { next_by_subj: subject, seq: 1 } as unknown as MsgRequest);
      expect(msg).not.toBeNull();
      const h = msg!.header;
      expect({
        id: h.get('ce-id'), type: h.get('ce-type'), source: h.get('ce-source'), time: h.get('ce-time'), subject: h.get('ce-subject'),
        dataschema: h.get('ce-dataschema'), specversion: h.get('ce-specversion'), correlation: h.get('ce-correlationid'), msgId: h.get('Nats-Msg-Id'),
      }).toEqual({
        id: event.id, type: event.type, source: event.source, time: event.time, subject: event.subject,
        dataschema: dataSchemaUri(event.type), specversion: '1.0', correlation: event.correlationId, msgId: event.id,
      });
      expect(JSON.parse(new TextDecoder().decode(msg!.data))).toEqual(event.data);
    }
  });
});
