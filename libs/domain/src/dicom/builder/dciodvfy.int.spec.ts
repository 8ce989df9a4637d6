import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BuilderModality, PixelOptions } from './builder-options';
import { writeDicom } from '../write-dicom';
import { DicomBuilder } from './dicom-builder';

/**
 * David Clunie's dciodvfy (Debian dicom3tools) checks an instance against its IOD. Our
 * defaults must produce no errors; warnings are allowed. A missing tool fails the test:
 * silently skipping would let invalid fixtures through.
 */
const DCIODVFY = '/usr/bin/dciodvfy';

let workDir = '';
beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'gantry-dciodvfy-'));
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function verify(name: string, bytes: Uint8Array): string[] {
  const path = join(workDir, `${name}.dcm`);
  writeFileSync(path, bytes);
  const run = spawnSync(DCIODVFY, [path], { encoding: 'utf8' });
  expect(run.error).toBeUndefined();
  return `${run.stdout}\n${run.stderr}`.split('\n').filter((l) => l.trim() !== '');
}

const errorsOf = (lines: string[]): string[] => lines.filter((l) => l.includes('Error'));

describe('dciodvfy', () => {
  it('is installed', () => {
    expect(existsSync(DCIODVFY)).toBe(true);
  });

  it('finds no errors in a CT built from defaults alone', () => {
    const lines = verify('ct-defaults', new DicomBuilder().toBytes());
    expect(lines).toContain('CTImage');
    expect(errorsOf(lines)).toEqual([]);
  });

  it('reports errors when a required attribute is missing (the check can fail)', () => {
    const obj = new DicomBuilder().build();
    obj.dataset.delete('PatientName');
    obj.dataset.delete('ImageType');
    const errors = errorsOf(verify('ct-broken', writeDicom(obj)));
    expect(errors.some((l) => l.includes('PatientName'))).toBe(true);
    expect(errors.some((l) => l.includes('ImageType'))).toBe(true);
  });

  it('finds no errors in the documented CT chain', () => {
    const bytes = new DicomBuilder({ seed: 'x' })
      .patient({ name: 'DOE^JANE', id: 'P1', birthDate: '19800101', sex: 'F' })
      .study({ date: '20240102', time: '080000', accession: 'A1', description: 'CT CHEST', id: '1', referringPhysician: 'REF^DOC' })
      .series({ modality: 'CT' })
      .equipment({ manufacturer: 'ACME', model: 'Scan 1', serial: 'S1', institution: 'General', station: 'CT01', softwareVersions: '1.0' })
      .instance({ number: 1 })
      .pixels({ rows: 64, columns: 64, bitsAllocated: 16 })
      .toBytes();
    expect(errorsOf(verify('ct-chain', bytes))).toEqual([]);
  });

  it.each<[string, BuilderModality, Partial<PixelOptions>, string]>([
    ['ct-512-signed', 'CT', { rows: 512, columns: 512, bitsStored: 16, pixelRepresentation: 1 }, 'CTImage'],
    ['mr', 'MR', {}, 'MRImage'],
    ['us', 'US', {}, 'USImage'],
    ['us-rgb', 'US', { photometric: 'RGB' }, 'USImage'],
    ['us-multiframe', 'US', { frames: 5 }, 'USMultiFrameImage'],
    ['sc', 'SC', {}, 'SCImage'],
    ['sc-rgb', 'SC', { photometric: 'RGB' }, 'SCImage'],
    ['sc-palette', 'SC', { photometric: 'PALETTE COLOR' }, 'SCImage'],
    ['ot', 'OT', {}, 'SCImage'],
    ['cr', 'CR', { photometric: 'MONOCHROME1' }, 'CRImage'],
    ['xa', 'XA', {}, 'XAImage'],
    ['xa-multiframe', 'XA', { frames: 4 }, 'XAImage'],
  ])('finds no errors in %s', (name, modality, pixels, iod) => {
    const builder = new DicomBuilder({ seed: name }).series({ modality });
    if (Object.keys(pixels).length > 0) builder.pixels({ rows: 32, columns: 32, ...pixels });
    const lines = verify(name, builder.toBytes());
    expect(lines).toContain(iod);
    expect(errorsOf(lines)).toEqual([]);
  });
});
