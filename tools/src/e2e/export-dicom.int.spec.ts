import { ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  applyDeidentification, blobKey, defaultConfig, DicomBuilder, ExportDestination, INSTANCE_REDACTED, KeyRing,
  MESSAGE_DEAD_LETTERED, newEvent, parseDicom, planDeidentification, writeDicom,
} from '@gantry/domain';
import { BlobStore, EventStore, loadConfig } from '@gantry/platform';
import { ActiveConfigService, EmbeddedPipeline, IngestService, instanceHistory, instanceStream } from '@gantry/stages';
import { createTestEnvironment, TestEnvironment } from '@gantry/testing';
import { gantry } from './support/cli';
import { eventually, freePort } from './support/processes';

const STORESCP = '/usr/bin/storescp';
const ORTHANC = '/usr/sbin/Orthanc';
const DICOMWEB_PLUGIN = '/usr/share/orthanc/plugins/libOrthancDicomWeb.so';
const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

interface Server {
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

function start(command: string, args: string[]): Server {
  // A missing tool must fail the test, never skip it.
  if (!existsSync(command)) throw new Error(`${command} is not installed`);
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return { child, output: () => out, stop: async () => (child.exitCode === null ? (child.kill('SIGTERM'), exited) : undefined) };
}

/** A test-owned Orthanc: own config, ports and storage, with the DICOMweb plugin. */
async function startOrthanc(dir: string): Promise<Server & { http: string; dicomPort: number }> {
  if (!existsSync(DICOMWEB_PLUGIN)) throw new Error(`${DICOMWEB_PLUGIN} is not installed`);
  const [httpPort, dicomPort] = [await freePort(), await freePort()];
  const config = {
    Name: 'gantry-export-test', StorageDirectory: join(dir, 'db'), IndexDirectory: join(dir, 'db'), HttpPort: httpPort, DicomPort: dicomPort,
    DicomAet: 'ORTHANC', RemoteAccessAllowed: false, AuthenticationEnabled: false, DicomCheckCalledAet: true,
    Plugins: [DICOMWEB_PLUGIN], DicomWeb: { Enable: true, Root: '/dicom-web/' },
  };
  await writeFile(join(dir, 'orthanc.json'), JSON.stringify(config));
  const server = start(ORTHANC, [join(dir, 'orthanc.json')]);
  const http = `http://127.0.0.1:${httpPort}`;
  await eventually(async () => ((await fetch(`${http}/system`)).ok ? true : undefined), 30_000).catch((e: unknown) => {
    throw new Error(`Orthanc did not start: ${server.output().slice(-2000)}`, { cause: e });
  });
  return { ...server, http, dicomPort };
}

function planted(seed: string): Uint8Array {
  return new DicomBuilder({ seed })
    .patient({ name: 'PLANTED^XAVERIA', id: 'PLX5521', birthDate: '19700101', sex: 'F' })
    .study({ accession: 'ACCX7712', description: 'for Xaveria' })
    .series({ modality: 'CT' })
    .pixels({ rows: 32, columns: 32, bitsAllocated: 16 })
    .toBytes();
}

describe('export to DICOM destinations: DCMTK storescp, Orthanc C-STORE and DICOMweb STOW-RS', () => {
  let env: TestEnvironment;
  let pipeline: EmbeddedPipeline;
  let dir: string;
  let storescp: Server;
  let storescpPort: number;
  let orthanc: Awaited<ReturnType<typeof startOrthanc>>;

  /** Ingests a planted instance, de-identifies it as the remediator would and records it as Redacted; returns the bytes. */
  async function redacted(seed: string): Promise<{ key: string; bytes: Uint8Array; sopInstanceUid: string }> {
    const input = planted(seed);
    const outcome = await pipeline.get(IngestService).ingest(input, { source: 'file' });
    await pipeline.whenIdle();
    const original = parseDicom(input);
    const config = defaultConfig();
    const bytes = writeDicom(applyDeidentification(original, planDeidentification(original, config), config, pipeline.get(KeyRing)).object);
    const key = blobKey('redacted', sha256(bytes));
    await pipeline.get(BlobStore).put(key, bytes);
    const data = { key: outcome.key, blobKey: key, sha256: sha256(bytes), size: bytes.length, configVersion: 0, ruleId: null, zones: [], frames: 1 };
    await pipeline.get(EventStore).append(instanceStream(outcome.key), [newEvent({ type: INSTANCE_REDACTED, source: 'gantry/redactor', subject: outcome.key, data })]);
    return { key: outcome.key, bytes, sopInstanceUid: parseDicom(bytes).dataset.string('SOPInstanceUID') ?? '' };
  }

  const exportTo = (...destinations: ExportDestination[]) => pipeline.get(ActiveConfigService).set({ version: 1, export: { destinations } });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gantry-export-dicom-'));
    storescpPort = await freePort();
    await mkdir(join(dir, 'storescp'));
    storescp = start(STORESCP, ['-v', '-aet', 'STORESCP', '+xa', '-od', join(dir, 'storescp'), String(storescpPort)]);
    orthanc = await startOrthanc(dir);
    env = await createTestEnvironment();
    pipeline = await EmbeddedPipeline.start(loadConfig({ ...env.env, GANTRY_MAX_DELIVER: '2' }), { stages: ['ingest', 'indexer', 'exporter'] });
  }, 120_000);

  afterAll(async () => {
    await pipeline?.close();
    await env?.cleanup();
    await storescp?.stop();
    await orthanc?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('C-STORE lands in storescp byte for byte, several instances sharing an association', async () => {
    await exportTo({ name: 'storescp', kind: 'cstore', host: '127.0.0.1', port: storescpPort, calledAe: 'STORESCP', callingAe: 'GANTRY', maxRetries: 2, batch: 16 });
    const sent = await Promise.all(['cs-1', 'cs-2', 'cs-3', 'cs-4', 'cs-5'].map(redacted));
    await pipeline.whenIdle();
    for (const s of sent) {
      const h = await instanceHistory(pipeline.get(EventStore), s.key);
      expect(h.exported.map((e) => [e.data.destination.kind, e.data.sha256])).toEqual([['cstore', sha256(s.bytes)]]);
    }
    const files = await readdir(join(dir, 'storescp'));
    expect(files).toHaveLength(5);
    for (const f of files) {
      const file = await readFile(join(dir, 'storescp', f));
      const ours = sent.find((s) => s.sopInstanceUid === parseDicom(file).dataset.string('SOPInstanceUID'));
      expect(ours).toBeDefined();
      // The data set arrived byte for byte as checked (storescp writes its own file meta in front).
      expect(sha256(datasetOf(file))).toBe(sha256(datasetOf(ours!.bytes)));
    }
    const associations = storescp.output().match(/Association Received/g) ?? [];
    expect(associations.length).toBeGreaterThanOrEqual(1);
    expect(associations.length).toBeLessThan(5);
  });

  it('C-STORE lands in Orthanc', async () => {
    await exportTo({ name: 'orthanc-scp', kind: 'cstore', host: '127.0.0.1', port: orthanc.dicomPort, calledAe: 'ORTHANC', callingAe: 'GANTRY', maxRetries: 2, batch: 16 });
    const s = await redacted('orthanc-cstore');
    await pipeline.whenIdle();
    expect((await instanceHistory(pipeline.get(EventStore), s.key)).exported).toHaveLength(1);
    await expectInOrthanc(orthanc.http, s);
  });

  it('STOW-RS lands in Orthanc\u2019s DICOMweb plugin', async () => {
    await exportTo({ name: 'orthanc-web', kind: 'stowrs', url: `${orthanc.http}/dicom-web/studies` });
    const s = await redacted('orthanc-stow');
    await pipeline.whenIdle();
    const h = await instanceHistory(pipeline.get(EventStore), s.key);
    expect(h.exported.map((e) => e.data.destination)).toEqual([{ name: 'orthanc-web', kind: 'stowrs' }]);
    await expectInOrthanc(orthanc.http, s);
  });

  it('gantry run --out dicom://… and gantry export http(s)://…/studies, end to end from the command line', async () => {
    const inputDir = join(dir, 'cli-in');
    await mkdir(inputDir);
    for (const seed of ['cli-1', 'cli-2']) await writeFile(join(inputDir, `${seed}.dcm`), planted(seed));
    const data = join(dir, 'cli-data');
    const before = (await readdir(join(dir, 'storescp'))).length;
    const run = await gantry(['run', inputDir, '--out', `dicom://STORESCP@127.0.0.1:${storescpPort}`, '--data', data, '--json']);
    expect({ code: run.code, summary: JSON.parse(run.stdout || '{}') as unknown }).toMatchObject({ code: 0, summary: { ingested: 2, exported: 2 } });
    expect((await readdir(join(dir, 'storescp'))).length).toBe(before + 2);

    const web = await gantry(['export', `${orthanc.http}/dicom-web/studies`, '--data', data, '--json']);
    expect({ code: web.code, summary: JSON.parse(web.stdout || '{}') as unknown }).toMatchObject({ code: 0, summary: { ready: 2, exported: 2, blocked: 0 } });
    const scp = await gantry(['export', `dicom://ORTHANC@127.0.0.1:${orthanc.dicomPort}`, '--data', data, '--json']);
    expect(JSON.parse(scp.stdout)).toMatchObject({ ready: 2, exported: 2 });
    const audit = JSON.parse((await gantry(['audit', '--data', data, '--json'])).stdout) as { inputs: { entries: { event: string; detail: { destination?: { kind: string } } }[] }[] };
    const kinds = audit.inputs.flatMap((i) => i.entries).filter((e) => e.event === 'instance.exported').map((e) => e.detail.destination?.kind).sort();
    expect(kinds).toEqual(['cstore', 'cstore', 'cstore', 'cstore', 'stowrs', 'stowrs']);
  }, 300_000);

  it('an SCP that refuses the association is retried, then dead-lettered with a code', async () => {
    await exportTo({ name: 'wrong-ae', kind: 'cstore', host: '127.0.0.1', port: orthanc.dicomPort, calledAe: 'NOT-ORTHANC', callingAe: 'GANTRY', maxRetries: 1, batch: 4 });
    const s = await redacted('refused');
    const dead = await eventually(async () => {
      const { events } = await pipeline.get(EventStore).readAll({ types: [MESSAGE_DEAD_LETTERED], limit: 100 });
      return events.find((e) => e.event.type === MESSAGE_DEAD_LETTERED && e.event.data.consumer === 'exporter');
    }, 60_000);
    expect(dead.event.data).toMatchObject({ consumer: 'exporter', reason: 'CSTORE_REJECTED', deliveries: 2 });
    expect((await instanceHistory(pipeline.get(EventStore), s.key)).exported).toEqual([]);
  }, 90_000);
});

/** The bytes after the preamble, "DICM" and the file meta (whose group length comes first). */
function datasetOf(part10: Uint8Array): Uint8Array {
  const b = Buffer.from(part10);
  return b.subarray(144 + b.readUInt32LE(140));
}

/** The instance is in Orthanc, and the bytes Orthanc keeps carry the same data set. */
async function expectInOrthanc(http: string, s: { bytes: Uint8Array; sopInstanceUid: string }): Promise<void> {
  const found = (await (await fetch(`${http}/tools/lookup`, { method: 'POST', body: s.sopInstanceUid })).json()) as { ID: string; Type: string }[];
  expect(found.map((f) => f.Type)).toEqual(['Instance']);
  const file = new Uint8Array(await (await fetch(`${http}/instances/${found[0]!.ID}/file`)).arrayBuffer());
  expect(writeDicom(parseDicom(file))).toEqual(writeDicom(parseDicom(s.bytes)));
}
