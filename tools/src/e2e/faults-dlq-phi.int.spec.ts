import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { EXPORT_BLOCKED, INSTANCE_EXPORTED, MESSAGE_DEAD_LETTERED, parseDicom, REDACTION_HELD } from '@gantry/domain';
import { startNatsServer, TestNatsServer } from '@gantry/testing';
import { CliResult, gantry } from './support/cli';
import { exactlyOnceReport, cleanReport } from './support/exactly-once';
import { ctCorpus } from './support/fault-corpus';
import { FaultStack, waitFor } from './support/fault-stack';
import { msgId, SeenMessage, streamMessages, WireTap } from './support/nats-messages';
import { PHI, PHI_TOKENS, plantedFiles } from './support/planted-phi';

const MAX_DELIVER = 3;
/** Folder export by instance key; descriptors and structured content cleaned, so the planted SR exports too. */
const CONFIG = `version: 1
deid:
  options: { cleanDescriptors: true, cleanStructuredContent: true }
export:
  destinations:
    - { name: out, kind: folder, path: "{out}", layout: "{key}.dcm" }
`;

interface DeadLetterJson {
  id: string;
  consumer: string;
  reason: string;
  eventId: string;
  deliveries: number;
  state: string;
}
interface ReplayJson {
  deadLetterId: string;
  outcome: string;
  newDeadLetter?: { id: string; reason: string };
}

/** The planted tokens (case-insensitive) and original UIDs found in some text: [] when clean. */
function leaks(text: string, uids: readonly string[]): string[] {
  const lower = text.toLowerCase();
  return [...PHI_TOKENS.filter((t) => lower.includes(t)), ...uids.filter((u) => text.includes(u))];
}

const wireText = (messages: readonly SeenMessage[]): string =>
  messages.map((m) => `${m.subject}\n${m.headers.join('\n')}\n${m.data.toString('latin1')}\n${m.data.toString('utf8')}`).join('\n');

/**
 * Fault tolerance (issue 6), on the real services with a test-owned nats-server: a poison
 * message the exporter cannot write is dead-lettered after GANTRY_MAX_DELIVER attempts and
 * completes once replayed after the fix; and in the whole run, with PHI planted in every
 * input, no event payload, NATS message or log line holds a planted value or original UID.
 */
describe('faults: poison message, DLQ and replay; no planted PHI in events, NATS traffic or logs (real services)', () => {
  let nats: TestNatsServer;
  let tap: WireTap;
  let stack: FaultStack;
  const planted = plantedFiles().map((f) => f.bytes);
  const corpus = ctCorpus('phi', 40, { name: PHI.name, id: PHI.id, birthDate: PHI.birthDate, accession: PHI.accession, otherIds: [PHI.otherId] });
  const parts = [...planted, ...corpus.parts];
  const instanceUids = parts.map((p) => parseDicom(p, { untilPixelData: true }).dataset.string('SOPInstanceUID') ?? '');
  const originalUids = [...new Set(parts.flatMap((p) => {
    const ds = parseDicom(p, { untilPixelData: true }).dataset;
    return ['StudyInstanceUID', 'SeriesInstanceUID', 'SOPInstanceUID', 'FrameOfReferenceUID'].map((k) => ds.string(k) ?? '').filter((u) => u !== '');
  }))];
  let keys: string[];
  let poisonKey: string;
  const cli: CliResult[] = [];
  const run = async (args: string[]): Promise<CliResult> => {
    const r = await gantry(args, stack.env);
    cli.push(r);
    return r;
  };
  const letters = async (...flags: string[]): Promise<DeadLetterJson[]> => {
    const r = await run(['dlq', 'list', '--json', ...flags]);
    expect(r.code).toBe(0);
    return (JSON.parse(r.stdout) as { deadLetters: DeadLetterJson[] }).deadLetters;
  };
  const exportsOf = async (key: string): Promise<number> =>
    (await stack.db.query(`select 1 from events where type = $1 and data->>'key' = $2`, [INSTANCE_EXPORTED, key])).rowCount ?? 0;

  beforeAll(async () => {
    nats = await startNatsServer();
    tap = await WireTap.start(nats.servers);
    stack = await FaultStack.start({
      name: 'dlq-phi', natsUrl: nats.servers, config: CONFIG,
      serviceEnv: { GANTRY_MAX_DELIVER: String(MAX_DELIVER), GANTRY_ACK_WAIT_MS: '15000', GANTRY_LOG_LEVEL: 'debug' },
    });
    keys = instanceUids.map((u) => stack.ring.instanceKey(u));
    poisonKey = keys[planted.length] as string;
  }, 180_000);

  afterAll(async () => {
    await stack?.cleanup();
    await tap?.stop();
    await nats?.stop();
  }, 120_000);

  it(`dead-letters a poison message after ${MAX_DELIVER} failed deliveries (GANTRY_MAX_DELIVER) while the rest of the run completes`, async () => {
    // The exporter cannot write this one instance: a directory occupies its file's place.
    await mkdir(join(stack.out, `${poisonKey}.dcm`, 'in-the-way'), { recursive: true });
    await stack.stow(parts);
    const letter = await waitFor('the dead letter', async () => (await letters()).find((l) => l.consumer === 'exporter'), 180_000, 1_000);
    expect(letter).toMatchObject({ consumer: 'exporter', reason: 'FOLDER_WRITE_FAILED', deliveries: MAX_DELIVER, state: 'open' });
    const others = keys.filter((k) => k !== poisonKey);
    await waitFor('every other instance exported', async () => {
      const rows = await stack.db.query<{ key: string }>(`select distinct data->>'key' as key from events where type = $1`, [INSTANCE_EXPORTED]);
      return rows.rows.length === others.length ? true : undefined;
    }, 180_000, 1_000);
    expect(await exportsOf(poisonKey)).toBe(0);
    expect(await stack.keysWith(EXPORT_BLOCKED)).toBe(0);
    expect(await stack.keysWith(REDACTION_HELD)).toBe(0);
  }, 300_000);

  it('replaying it before the fix fails again (gantry dlq replay <id>: exit 1, a new dead letter)', async () => {
    const [letter] = await letters();
    const r = await run(['dlq', 'replay', letter!.id, '--json', '--timeout', '90']);
    expect(r.code).toBe(1);
    const [again] = (JSON.parse(r.stdout) as { replays: ReplayJson[] }).replays;
    expect(again).toMatchObject({ deadLetterId: letter!.id, outcome: 'dead-lettered', newDeadLetter: { reason: 'FOLDER_WRITE_FAILED' } });
    expect((await letters()).map((l) => l.id)).toEqual([again!.newDeadLetter!.id]);
    expect(await exportsOf(poisonKey)).toBe(0);
  }, 120_000);

  it('replaying it after the fix completes it: exported exactly once, every instance exactly once', async () => {
    await rm(join(stack.out, `${poisonKey}.dcm`), { recursive: true });
    const [letter] = await letters();
    const r = await run(['dlq', 'replay', letter!.id, '--json', '--timeout', '90']);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: expect.any(String) as unknown });
    expect((JSON.parse(r.stdout) as { replays: ReplayJson[] }).replays).toEqual([expect.objectContaining({ deadLetterId: letter!.id, outcome: 'handled' })]);
    expect(await letters()).toEqual([]);
    expect((await letters('--all')).map((l) => l.state)).toEqual(['replayed', 'replayed']);
    const report = await exactlyOnceReport(stack, keys, instanceUids);
    expect(report).toEqual({ ...cleanReport(keys.length), failures: { blocked: 0, held: 0, deadLetters: 2, rejected: 0 } });
    expect((await stack.typeCounts())[MESSAGE_DEAD_LETTERED]).toBe(2);
  }, 120_000);

  it('stops every replica gracefully on SIGTERM (exit 0) and leaves no process behind, before the logs are read', async () => {
    expect(await stack.stop()).toEqual(stack.replicas.map(() => 0));
    expect(stack.orphans()).toEqual([]);
  }, 60_000);

  it('keeps every planted value and original UID out of every event in the store (payload, metadata, stream, type)', async () => {
    const rows = await stack.db.query<{ doc: string }>(`select event_id::text || ' ' || type || ' ' || stream_id || ' ' || data::text || ' ' || metadata::text as doc from events`);
    expect(rows.rows.length).toBeGreaterThan(keys.length * 6);
    expect(leaks(rows.rows.map((r) => r.doc).join('\n'), originalUids)).toEqual([]);
    // Control: the indexer's internal catalog (which may hold PHI) read the same way shows them all.
    const catalog = await stack.db.query<{ doc: string }>(
      `select concat_ws(' ', (select string_agg(t::text, ' ') from catalog_patients t), (select string_agg(t::text, ' ') from catalog_studies t), (select string_agg(t::text, ' ') from catalog_instances t)) as doc`,
    );
    expect(leaks(catalog.rows[0]!.doc, originalUids)).toEqual(expect.arrayContaining(['zebulon', 'quixote', 'mrn778899', '19610203', 'acc99881', instanceUids[0], instanceUids[planted.length]]));
  });

  it('keeps them out of every NATS message, headers and payload: all traffic a subscriber on ">" saw, and the whole stream', async () => {
    const stream = await streamMessages(nats.servers, stack.stream);
    const stored = (await stack.db.query('select 1 from events')).rowCount ?? 0;
    expect(stream.length).toBe(stored);
    // The subscriber saw the stream's messages themselves (by Nats-Msg-Id) and the rest of the traffic: deliveries, acks, API calls.
    const ids = new Set(stream.map(msgId));
    expect(ids.size).toBe(stream.length);
    expect(ids.has('')).toBe(false);
    const tapped = new Set(tap.messages.map(msgId));
    expect([...ids].filter((id) => !tapped.has(id))).toEqual([]);
    expect(tap.messages.length).toBeGreaterThan(stream.length * 2);
    expect(leaks(wireText(stream), originalUids)).toEqual([]);
    expect(leaks(wireText(tap.messages), originalUids)).toEqual([]);
  });

  it('keeps them out of every log line of every service replica (debug level) and of the gantry command', async () => {
    const dir = join(stack.dir, 'logs');
    const files = await readdir(dir);
    expect(files.filter((f) => f !== 'gantry.log').sort()).toEqual(stack.replicas.map((r) => `${r.stage}-${r.index}.log`).sort());
    const logs = (await Promise.all(files.map((f) => readFile(join(dir, f), 'utf8')))).join('\n');
    expect(logs.split('\n').length).toBeGreaterThan(keys.length * 5);
    // The logs do talk about the instances, by opaque key only.
    expect(keys.filter((k) => logs.includes(k)).length).toBeGreaterThan(keys.length / 2);
    expect(leaks(logs, originalUids)).toEqual([]);
    expect(leaks(cli.map((r) => `${r.stdout}\n${r.stderr}`).join('\n'), originalUids)).toEqual([]);
  });

});
