import { DataSet } from '../data-set';
import { DicomModelError } from '../errors';
import { parseDicom } from '../parse-dicom';
import { TRANSFER_SYNTAX } from '../transfer-syntax';
import { writeDicom } from '../write-dicom';
import type { BuilderModality } from './builder-options';
import { DicomBuilder } from './dicom-builder';
import { SOP_CLASS } from './modality-profiles';

const UID_RE = /^2\.25\.(0|[1-9][0-9]*)$/;

describe('DicomBuilder', () => {
  it('builds a complete CT with defaults only', () => {
    const { dataset, meta, transferSyntaxUid } = new DicomBuilder().build();
    expect(transferSyntaxUid).toBe(TRANSFER_SYNTAX.EXPLICIT_LE);
    expect(dataset.string('SOPClassUID')).toBe(SOP_CLASS.CT);
    expect(dataset.string('Modality')).toBe('CT');
    expect(meta.string('MediaStorageSOPInstanceUID')).toBe(dataset.string('SOPInstanceUID'));
    for (const keyword of ['PatientName', 'StudyInstanceUID', 'SeriesInstanceUID', 'FrameOfReferenceUID', 'ImagePositionPatient', 'RescaleIntercept', 'KVP', 'PixelData']) {
      expect(dataset.has(keyword)).toBe(true);
    }
    expect(dataset.strings('ImageType')).toEqual(['ORIGINAL', 'PRIMARY', 'AXIAL']);
    expect(dataset.bytes('PixelData')?.length).toBe(64 * 64 * 2);
    for (const keyword of ['StudyInstanceUID', 'SeriesInstanceUID', 'SOPInstanceUID', 'FrameOfReferenceUID']) {
      const uid = dataset.string(keyword) ?? '';
      expect(uid).toMatch(UID_RE);
      expect(uid.length).toBeLessThanOrEqual(64);
    }
  });

  it('applies the fluent steps', () => {
    const { dataset } = new DicomBuilder({ seed: 'x' })
      .patient({ name: 'DOE^JANE', id: 'P1', birthDate: '19800101', sex: 'F', age: '044Y' })
      .study({ date: '20230102', time: '101010', accession: 'A9', description: 'Chest', id: 'S1', referringPhysician: 'WHO^DR' })
      .series({ modality: 'CT', number: 3, description: 'Axial', bodyPart: 'HEAD' })
      .equipment({ manufacturer: 'M', model: 'X1', serial: 'S', institution: 'I', station: 'ST', softwareVersions: '9' })
      .instance({ number: 12, date: '20230103', time: '111111' })
      .pixels({ rows: 8, columns: 6, bitsAllocated: 16 })
      .build();
    expect(dataset.string('PatientName')).toBe('DOE^JANE');
    expect(dataset.string('PatientAge')).toBe('044Y');
    expect(dataset.string('AccessionNumber')).toBe('A9');
    expect(dataset.number('SeriesNumber')).toBe(3);
    expect(dataset.string('BodyPartExamined')).toBe('HEAD');
    expect(dataset.string('ManufacturerModelName')).toBe('X1');
    expect(dataset.number('InstanceNumber')).toBe(12);
    expect(dataset.string('ContentDate')).toBe('20230103');
    expect(dataset.numbers('ImagePositionPatient')).toEqual([-1.5, -2, 12]);
    expect([dataset.number('Rows'), dataset.number('Columns'), dataset.number('BitsStored')]).toEqual([8, 6, 12]);
  });

  it('is deterministic per seed and distinct across seeds and instances', () => {
    const bytes = (seed: string, n: number): Buffer => Buffer.from(new DicomBuilder({ seed }).instance({ number: n }).toBytes());
    expect(bytes('a', 1).equals(bytes('a', 1))).toBe(true);
    const uid = (seed: string, n: number): string | undefined => parseDicom(bytes(seed, n)).dataset.string('SOPInstanceUID');
    expect(uid('a', 1)).not.toBe(uid('b', 1));
    expect(uid('a', 1)).not.toBe(uid('a', 2));
    const study = (n: number): string | undefined => new DicomBuilder({ seed: 'a' }).instance({ number: n }).build().dataset.string('StudyInstanceUID');
    expect(study(1)).toBe(study(2));
    expect(new DicomBuilder().study({ uid: '1.2.3' }).build().dataset.string('StudyInstanceUID')).toBe('1.2.3');
  });

  it('generates pixel patterns for every bit depth and layout', () => {
    const px = (opts: Parameters<DicomBuilder['pixels']>[0]): Uint8Array => new DicomBuilder().series({ modality: 'SC' }).pixels(opts).build().dataset.bytes('PixelData')!;
    expect(px({ rows: 2, columns: 3, pattern: 'zero' }).every((b) => b === 0)).toBe(true);
    expect(Array.from(px({ rows: 2, columns: 2, bitsAllocated: 16, bitsStored: 16, pattern: (x, y) => 256 * y + x }))).toEqual([0, 0, 1, 0, 0, 1, 1, 1]);
    expect(Array.from(px({ rows: 1, columns: 2, samplesPerPixel: 3, pattern: (x, _y, _f, s) => 10 * x + s }))).toEqual([0, 1, 2, 10, 11, 12]);
    expect(Array.from(px({ rows: 1, columns: 2, samplesPerPixel: 3, planarConfiguration: 1, pattern: (x, _y, _f, s) => 10 * x + s }))).toEqual([0, 10, 1, 11, 2, 12]);
    expect(px({ rows: 3, columns: 3, frames: 2 }).length).toBe(18);
    expect(px({ rows: 3, columns: 3 }).length).toBe(10);
    const ramp = new Uint16Array(px({ rows: 4, columns: 4, bitsAllocated: 16 }).buffer);
    // A diagonal ramp: constant along anti-diagonals, increasing along rows, within 12 bits.
    expect(ramp[1 * 4 + 1]).toBe(ramp[0 * 4 + 2]);
    expect(ramp[3 * 4 + 0]).toBe(ramp[0 * 4 + 3]);
    expect(Array.from(ramp.subarray(0, 4))).toEqual([...ramp.subarray(0, 4)].sort((a, b) => a - b));
    expect(ramp[0]).toBe(0);
    expect(ramp[15]).toBeGreaterThan(ramp[0]!);
    expect(Math.max(...ramp)).toBeLessThan(4096);
    expect(px({ rows: 2, columns: 2, bitsAllocated: 32, bitsStored: 32 }).length).toBe(16);
  });

  it('rejects inconsistent pixel descriptions and unknown modalities', () => {
    expect(() => new DicomBuilder().pixels({ rows: 0, columns: 4 }).build()).toThrow(DicomModelError);
    expect(() => new DicomBuilder().pixels({ rows: 4, columns: 4, bitsAllocated: 8, bitsStored: 12 }).build()).toThrow(DicomModelError);
    expect(() => new DicomBuilder().series({ modality: 'PET' as BuilderModality })).toThrow(DicomModelError);
  });

  it('adds extra attributes, nested sequences and private elements', () => {
    const item = new DataSet().set('CodeValue', 'C1');
    const builder = new DicomBuilder()
      .set('PatientComments', 'LT', 'free text')
      .set('ReferencedStudySequence', 'SQ', [{ ReferencedSOPInstanceUID: '1.2.3' }, item])
      .set('KVP', 'DS', 100)
      .private(0x0009, 'GANTRY TEST', 0x01, 'LO', 'private value');
    const a = builder.build().dataset;
    expect(a.string('KVP')).toBe('100');
    expect(a.sequence('ReferencedStudySequence')?.map((i) => i.string('ReferencedSOPInstanceUID') ?? i.string('CodeValue'))).toEqual(['1.2.3', 'C1']);
    expect(a.string(a.findPrivate(0x0009, 'GANTRY TEST', 0x01) ?? '')).toBe('private value');
    a.sequence('ReferencedStudySequence')?.[1]?.set('CodeValue', 'CHANGED');
    expect(builder.build().dataset.sequence('ReferencedStudySequence')?.[1]?.string('CodeValue')).toBe('C1');
    expect(() => new DicomBuilder().set('NoSuchKeyword', 'LO', 'x')).toThrow(DicomModelError);
    expect(() => new DicomBuilder().private(0x0010, 'X', 1, 'LO', 'x')).toThrow(DicomModelError);
  });

  it('declares UTF-8 when any text needs it', () => {
    const { dataset } = new DicomBuilder().patient({ name: 'Müller^Jörg' }).build();
    expect(dataset.string('SpecificCharacterSet')).toBe('ISO_IR 192');
    expect(parseDicom(writeDicom({ ...new DicomBuilder().patient({ name: 'Müller^Jörg' }).build() })).dataset.string('PatientName')).toBe('Müller^Jörg');
    expect(new DicomBuilder().build().dataset.has('SpecificCharacterSet')).toBe(false);
  });

  it('writes the requested native transfer syntax only', () => {
    expect(parseDicom(new DicomBuilder().transferSyntax(TRANSFER_SYNTAX.IMPLICIT_LE).toBytes()).transferSyntaxUid).toBe(TRANSFER_SYNTAX.IMPLICIT_LE);
    expect(parseDicom(new DicomBuilder().transferSyntax(TRANSFER_SYNTAX.DEFLATED_LE).toBytes()).transferSyntaxUid).toBe(TRANSFER_SYNTAX.DEFLATED_LE);
    expect(() => new DicomBuilder().transferSyntax(TRANSFER_SYNTAX.JPEG_BASELINE)).toThrow(DicomModelError);
  });

  it.each<[BuilderModality, string, number]>([
    ['CT', SOP_CLASS.CT, 1],
    ['MR', SOP_CLASS.MR, 1],
    ['US', SOP_CLASS.US, 1],
    ['US', SOP_CLASS.US_MULTIFRAME, 4],
    ['SC', SOP_CLASS.SC, 1],
    ['OT', SOP_CLASS.SC, 1],
    ['CR', SOP_CLASS.CR, 1],
    ['XA', SOP_CLASS.XA, 3],
  ])('picks the SOP class for %s with %d frame(s)', (modality, sopClass, frames) => {
    const ds = new DicomBuilder().series({ modality }).pixels({ rows: 16, columns: 16, frames }).build().dataset;
    expect(ds.string('SOPClassUID')).toBe(sopClass);
    expect(ds.number('NumberOfFrames')).toBe(frames > 1 ? frames : undefined);
    if (frames > 1) expect(ds.get('FrameIncrementPointer')?.value).toEqual(['00181063']);
  });

  it('builds 100 512x512 16-bit CT slices quickly', () => {
    const builder = new DicomBuilder({ seed: 'bench' }).pixels({ rows: 512, columns: 512, bitsAllocated: 16 });
    const start = process.hrtime.bigint();
    let total = 0;
    for (let i = 1; i <= 100; i++) total += builder.instance({ number: i }).toBytes().length;
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    expect(total).toBeGreaterThan(100 * 512 * 512 * 2);
    // About 1 ms per slice on a laptop; the bound leaves room for a loaded CI runner.
    expect(ms).toBeLessThan(2000);
  });
});
