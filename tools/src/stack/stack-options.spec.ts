import { parseReplicas, parseStackArgs } from './stack-options';

describe('npm run stack options', () => {
  it('defaults to one replica of each stage on the local servers', () => {
    const o = parseStackArgs([]);
    expect(o.replicas).toEqual({ ingest: 1, indexer: 1, inspector: 1, remediator: 1, redactor: 1, exporter: 1 });
    expect([o.natsUrl, o.stream, o.prefix, o.httpPort, o.scpPort, o.s3Port]).toEqual(['nats://127.0.0.1:4222', 'GANTRY_EVENTS', 'gantry', 8080, 11112, 9000]);
  });

  it('takes replicas per stage, or one count for all', () => {
    expect(parseStackArgs(['--replicas', 'indexer=2,redactor=3']).replicas).toMatchObject({ indexer: 2, redactor: 3, ingest: 1 });
    expect(Object.values(parseReplicas('2', parseStackArgs([]).replicas))).toEqual([2, 2, 2, 2, 2, 2]);
  });

  it('refuses unknown stages, bad counts, bad ports and unknown flags', () => {
    expect(() => parseStackArgs(['--replicas', 'relay=2'])).toThrow(/stage=n pairs/);
    expect(() => parseStackArgs(['--replicas', 'indexer=0'])).toThrow(/1 to 16/);
    expect(() => parseStackArgs(['--http-port', '70000'])).toThrow(/port number/);
    expect(() => parseStackArgs(['--frobnicate'])).toThrow(/unknown or incomplete option --frobnicate/);
  });
});
