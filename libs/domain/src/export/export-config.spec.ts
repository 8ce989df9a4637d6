import { ConfigValidationError } from '../config/config-error';
import { parseConfig } from '../config/parse-config';
import { DEFAULT_LAYOUT } from './export-config';

function problemsOf(text: string): readonly string[] {
  try {
    parseConfig(text);
    return [];
  } catch (e) {
    if (!(e instanceof ConfigValidationError)) throw e;
    return e.problems;
  }
}

describe('the export section', () => {
  it('defaults to no destination and fills each kind\u2019s defaults', () => {
    expect(parseConfig('version: 1').export).toEqual({ destinations: [] });
    const c = parseConfig(`
version: 1
export:
  destinations:
    - { name: research, kind: folder, path: /data/out }
    - { name: bucket, kind: s3, endpoint: "http://minio:9000", bucket: deid-out, accessKeyEnv: OUT_KEY, secretKeyEnv: OUT_SECRET }
    - { name: pacs, kind: cstore, host: pacs.local, port: 104, calledAe: RESEARCH }
    - { name: web, kind: stowrs, url: "https://pacs.example/dicom-web/studies", headersEnv: STOW_HEADERS }
`);
    expect(c.export.destinations).toEqual([
      { name: 'research', kind: 'folder', path: '/data/out', layout: DEFAULT_LAYOUT },
      { name: 'bucket', kind: 's3', endpoint: 'http://minio:9000', bucket: 'deid-out', prefix: '', region: 'us-east-1', layout: DEFAULT_LAYOUT, accessKeyEnv: 'OUT_KEY', secretKeyEnv: 'OUT_SECRET' },
      { name: 'pacs', kind: 'cstore', host: 'pacs.local', port: 104, calledAe: 'RESEARCH', callingAe: 'GANTRY', maxRetries: 3, batch: 16 },
      { name: 'web', kind: 'stowrs', url: 'https://pacs.example/dicom-web/studies', headersEnv: 'STOW_HEADERS' },
    ]);
  });

  it('reports each mistake at its own pointer, without echoing values', () => {
    const problems = problemsOf(`
version: 1
export:
  destinations:
    - { name: Research, kind: folder, path: relative/dir, secret: "s3cr3t" }
    - { name: b, kind: s3, endpoint: "ftp://x", bucket: B, accessKeyEnv: "not a name", secretKeyEnv: S }
    - { name: c, kind: cstore, host: h, port: 70000, calledAe: "WAY-TOO-LONG-AE-TITLE" }
    - { name: d, kind: carrier-pigeon }
    - { name: e, kind: folder, path: /x, layout: "../{instance}.dcm" }
    - { name: e, kind: stowrs, url: "https://x/studies" }
`);
    expect(problems).toEqual(
      expect.arrayContaining([
        '/export/destinations/0/name: must match pattern "^[a-z][a-z0-9-]{0,63}$"',
        '/export/destinations/0/secret: is not allowed',
        '/export/destinations/1/accessKeyEnv: must match pattern "^[A-Za-z_][A-Za-z0-9_]{0,127}$"',
        '/export/destinations/2/port: must be <= 65535',
        '/export/destinations/3/kind: must be one of: folder, s3, cstore, stowrs',
      ]),
    );
    expect(problems.some((p) => p.startsWith('/export/destinations/0/path: must match pattern'))).toBe(true);
    expect(problems.some((p) => p.startsWith('/export/destinations/1/endpoint'))).toBe(true);
    expect(problems.some((p) => p.startsWith('/export/destinations/2/calledAe'))).toBe(true);
    expect(problems.join('\n')).not.toContain('s3cr3t');
    expect(problemsOf('version: 1\nexport: { destinations: [ { name: e, kind: folder, path: /x, layout: "../{instance}.dcm" }, { name: e, kind: stowrs, url: "https://x/studies" } ] }')).toEqual([
      '/export/destinations/0/layout: must be relative, without empty, . or .. segments',
      '/export/destinations/1/name: must be unique',
    ]);
  });
});
