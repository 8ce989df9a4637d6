import { parseConfig } from '../config/parse-config';
import { destinationFromTarget } from './destination-target';

describe('destinationFromTarget', () => {
  it('reads a folder path, relative to the working directory', () => {
    const d = destinationFromTarget('./clean', '/work/here');
    expect(d).toMatchObject({ kind: 'folder', path: '/work/here/clean', layout: '{patient}/{study}/{series}/{instance}.dcm' });
    expect(d.name).toMatch(/^folder-[0-9a-f]{8}$/);
    expect(destinationFromTarget('/work/here/clean/', '/elsewhere').name).toBe(d.name);
  });

  it('reads C-STORE, STOW-RS and S3 targets', () => {
    expect(destinationFromTarget('dicom://STORESCP@127.0.0.1:11112', '/')).toMatchObject({ kind: 'cstore', host: '127.0.0.1', port: 11112, calledAe: 'STORESCP', callingAe: 'GANTRY' });
    expect(destinationFromTarget('dicom://PACS@pacs:104?calling=RESEARCH', '/')).toMatchObject({ calledAe: 'PACS', callingAe: 'RESEARCH' });
    expect(destinationFromTarget('http://orthanc:8042/dicom-web/studies/', '/')).toMatchObject({ kind: 'stowrs', url: 'http://orthanc:8042/dicom-web/studies', headersEnv: 'GANTRY_EXPORT_HEADERS' });
    expect(destinationFromTarget('s3://deid-out/batch-1', '/', { GANTRY_EXPORT_S3_ENDPOINT: 'http://minio:9000' })).toMatchObject({
      kind: 's3', endpoint: 'http://minio:9000', bucket: 'deid-out', prefix: 'batch-1', accessKeyEnv: 'GANTRY_EXPORT_S3_ACCESS_KEY',
    });
  });

  it('gives destinations the configuration schema accepts', () => {
    const destinations = [
      destinationFromTarget('./clean', '/w'),
      destinationFromTarget('dicom://A@h:1', '/'),
      destinationFromTarget('https://x/studies', '/'),
      destinationFromTarget('s3://bucket/p', '/', { GANTRY_EXPORT_S3_ENDPOINT: 'http://m:9000' }),
    ];
    expect(parseConfig(JSON.stringify({ version: 1, export: { destinations } })).export.destinations).toEqual(destinations);
  });

  it.each(['dicom://@host:104', 'dicom://WAY-TOO-LONG-AE-TITLE@h:1', 's3://B/x', 'ftp://x/y', 's3://bucket/x'])('refuses %s', (target) => {
    expect(() => destinationFromTarget(target, '/')).toThrow(expect.objectContaining({ code: 'DESTINATION_INVALID' }));
  });
});
