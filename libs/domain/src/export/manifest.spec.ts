import { manifestCsv, manifestEntries, manifestJson, type ManifestEntry } from './manifest';

const entry = (path: string, sha: string, at: string): ManifestEntry => ({
  path, sha256: sha.repeat(64), size: 10, instanceKey: 'a'.repeat(32), exportedAt: at, configVersion: 1,
});

describe('export manifests', () => {
  it('lists the latest export of each path, sorted, in JSON and CSV', () => {
    const entries = manifestEntries([
      entry('P/b.dcm', '1', '2025-01-01T00:00:00.000Z'),
      entry('P/a.dcm', '2', '2025-01-01T00:00:00.000Z'),
      entry('P/b.dcm', '3', '2025-01-02T00:00:00.000Z'),
    ]);
    expect(entries.map((e) => [e.path, e.sha256[0]])).toEqual([['P/a.dcm', '2'], ['P/b.dcm', '3']]);
    expect(JSON.parse(manifestJson('out', entries))).toEqual({ format: 'gantry-export-manifest/1', destination: 'out', files: entries });
    expect(manifestCsv(entries).split('\r\n')).toEqual([
      'path,sha256,size,instance_key,exported_at,config_version',
      `P/a.dcm,${'2'.repeat(64)},10,${'a'.repeat(32)},2025-01-01T00:00:00.000Z,1`,
      `P/b.dcm,${'3'.repeat(64)},10,${'a'.repeat(32)},2025-01-02T00:00:00.000Z,1`,
      '',
    ]);
  });

  it('refuses a path that is not a plain relative location', () => {
    expect(() => manifestEntries([entry('../x.dcm', '1', '2025-01-01T00:00:00.000Z')])).toThrow();
  });
});
