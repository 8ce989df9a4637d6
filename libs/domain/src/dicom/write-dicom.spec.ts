import { DataSet } from './data-set';
import type { EncapsulatedPixelData } from './element';
import { DicomEncodeError } from './errors';
import { parseDicom, type DicomObject } from './parse-dicom';
import {
  EXPLICIT_BE,
  EXPLICIT_LE,
  UNDEFINED_LENGTH,
  ascii,
  bytes,
  concat,
  element,
  item,
  numbers,
  part10,
  sequenceEnd,
  text,
} from './testing/raw-stream';
import { TRANSFER_SYNTAX } from './transfer-syntax';
import { GANTRY_IMPLEMENTATION_CLASS_UID, GANTRY_IMPLEMENTATION_VERSION_NAME } from './uids';
import { writeDicom } from './write-dicom';

function sample(): DicomObject {
  const dataset = new DataSet()
    .set('SOPInstanceUID', '1.2.3.4')
    .set('PatientName', 'DOE^JOHN')
    .set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7')
    .set('ImageType', ['DERIVED', 'SECONDARY'])
    .set('Modality', 'OT')
    .set('00090010', 'LO', 'ACME')
    .set('00091001', 'UN', new Uint8Array([1, 2, 3]))
    .set('ReferencedImageSequence', [{ ReferencedSOPInstanceUID: '1.2.3', ReferencedFrameNumber: '1' }])
    .set('Rows', 2)
    .set('PixelData', 'OB', new Uint8Array([1, 2, 3, 4]));
  return { meta: new DataSet(), dataset, transferSyntaxUid: TRANSFER_SYNTAX.EXPLICIT_LE, hasPart10Header: false };
}

/** Offsets of every element header at the top level of an explicit VR LE dataset. */
function topLevelTags(out: Uint8Array): string[] {
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const tags: string[] = [];
  let at = 132;
  while (at < out.length) {
    const tag = ((view.getUint16(at, true) << 16) | view.getUint16(at + 2, true)) >>> 0;
    const vr = String.fromCharCode(out[at + 4] as number, out[at + 5] as number);
    const long = ['OB', 'OW', 'SQ', 'UN', 'UT', 'UC', 'UR', 'OF', 'OD', 'OL', 'OV', 'SV', 'UV'].includes(vr);
    const length = long ? view.getUint32(at + 8, true) : view.getUint16(at + 6, true);
    expect(length).not.toBe(UNDEFINED_LENGTH);
    expect(length % 2).toBe(0);
    tags.push(tag.toString(16).padStart(8, '0').toUpperCase());
    at += (long ? 12 : 8) + length;
  }
  expect(at).toBe(out.length);
  return tags;
}

describe('writeDicom', () => {
  it('writes a Part 10 header with regenerated file meta', () => {
    const out = writeDicom(sample());
    expect(out.subarray(0, 128).every((b) => b === 0)).toBe(true);
    expect(Buffer.from(out.subarray(128, 132)).toString('latin1')).toBe('DICM');
    const { meta, hasPart10Header, transferSyntaxUid } = parseDicom(out);
    expect(hasPart10Header).toBe(true);
    expect(transferSyntaxUid).toBe(TRANSFER_SYNTAX.EXPLICIT_LE);
    expect(Array.from(meta.bytes('FileMetaInformationVersion') ?? [])).toEqual([0, 1]);
    expect(meta.string('MediaStorageSOPClassUID')).toBe('1.2.840.10008.5.1.4.1.1.7');
    expect(meta.string('MediaStorageSOPInstanceUID')).toBe('1.2.3.4');
    expect(meta.string('ImplementationClassUID')).toBe(GANTRY_IMPLEMENTATION_CLASS_UID);
    expect(meta.string('ImplementationVersionName')).toBe(GANTRY_IMPLEMENTATION_VERSION_NAME);
    let metaEnd = 132;
    for (const el of meta) metaEnd += (['OB', 'UN'].includes(el.vr) ? 12 : 8) + (el.source?.bytes.length ?? 0);
    expect(meta.number('FileMetaInformationGroupLength')).toBe(metaEnd - 132 - 12);
  });

  it('writes ascending tags, even lengths, defined-length sequences and correct padding', () => {
    const out = writeDicom(sample());
    const metaLength = parseDicom(out).meta.number('FileMetaInformationGroupLength') ?? 0;
    const tags = topLevelTags(concat(new Uint8Array(132), out.subarray(132 + 12 + metaLength)));
    expect(tags).toEqual([...tags].sort());
    const ds = parseDicom(out).dataset;
    expect(Array.from(ds.get('SOPClassUID')?.source?.bytes.slice(-1) ?? [])).toEqual([0]);
    expect(Array.from(ds.get('PatientName')?.source?.bytes ?? [])).toEqual(Array.from(ascii('DOE^JOHN')));
    expect(Array.from(ds.get('Modality')?.source?.bytes ?? [])).toEqual(Array.from(ascii('OT')));
    expect(Array.from(ds.get('00091001')?.source?.bytes ?? [])).toEqual([1, 2, 3, 0]);
    expect(Array.from(ds.get('ReferencedImageSequence')?.value as DataSet[]).length).toBe(1);
  });

  it('is deterministic and idempotent', () => {
    const a = writeDicom(sample());
    const b = writeDicom(sample());
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(Buffer.from(writeDicom(parseDicom(a))).equals(Buffer.from(a))).toBe(true);
  });

  it('copies unchanged source bytes verbatim and re-encodes only what changed', () => {
    const ds = concat(element(EXPLICIT_LE, 0x00180050, 'DS', text(' 2.50 ')), element(EXPLICIT_LE, 0x00200013, 'IS', text('007')));
    const obj = parseDicom(part10(TRANSFER_SYNTAX.EXPLICIT_LE, ds));
    obj.dataset.set('InstanceNumber', 7);
    const out = parseDicom(writeDicom(obj)).dataset;
    expect(Buffer.from(out.get('SliceThickness')?.source?.bytes ?? []).toString('latin1')).toBe(' 2.50 ');
    expect(Buffer.from(out.get('InstanceNumber')?.source?.bytes ?? []).toString('latin1')).toBe('7 ');
  });

  it('converts big endian input to explicit VR little endian', () => {
    const be = concat(
      element(EXPLICIT_BE, 0x00280010, 'US', numbers('US', [0x0102], false)),
      element(EXPLICIT_BE, 0x00209165, 'AT', numbers('US', [0x0018, 0x1063], false)),
      element(EXPLICIT_BE, 0x00081032, 'SQ', item(EXPLICIT_BE, element(EXPLICIT_BE, 0x00189087, 'FD', numbers('FD', [2.5], false)))),
      element(EXPLICIT_BE, 0x7fe00010, 'OW', numbers('US', [0x0a0b, 0x0c0d], false)),
    );
    const out = writeDicom(parseDicom(part10(TRANSFER_SYNTAX.EXPLICIT_BE, be)));
    const obj = parseDicom(out);
    expect(obj.transferSyntaxUid).toBe(TRANSFER_SYNTAX.EXPLICIT_LE);
    expect(Array.from(obj.dataset.get('Rows')?.source?.bytes ?? [])).toEqual([0x02, 0x01]);
    expect(obj.dataset.get('00209165')?.value).toEqual(['00181063']);
    expect(obj.dataset.sequence('ProcedureCodeSequence')?.[0]?.number('00189087')).toBe(2.5);
    expect(Array.from(obj.dataset.bytes('PixelData') ?? [])).toEqual([0x0b, 0x0a, 0x0d, 0x0c]);
  });

  it('can write implicit VR and deflated output that reads back the same', () => {
    const plain = parseDicom(writeDicom(sample())).dataset;
    for (const ts of [TRANSFER_SYNTAX.IMPLICIT_LE, TRANSFER_SYNTAX.DEFLATED_LE]) {
      const back = parseDicom(writeDicom(sample(), { transferSyntaxUid: ts }));
      expect(back.transferSyntaxUid).toBe(ts);
      expect(back.dataset.tags()).toEqual(plain.tags());
      expect(back.dataset.sequence('ReferencedImageSequence')?.[0]?.string('ReferencedSOPInstanceUID')).toBe('1.2.3');
      expect(back.dataset.get('00091001')?.vr).toBe('UN');
    }
    expect(() => writeDicom(sample(), { transferSyntaxUid: TRANSFER_SYNTAX.EXPLICIT_BE })).toThrow(DicomEncodeError);
  });

  it('keeps encapsulated data and its transfer syntax, and refuses to transcode it', () => {
    const px = concat(item(EXPLICIT_LE, new Uint8Array(0)), item(EXPLICIT_LE, bytes(0xff, 0xd8, 0xff, 0xd9)), sequenceEnd(EXPLICIT_LE));
    const input = part10(TRANSFER_SYNTAX.JPEG_BASELINE, element(EXPLICIT_LE, 0x7fe00010, 'OB', px, UNDEFINED_LENGTH));
    const obj = parseDicom(input);
    const back = parseDicom(writeDicom(obj));
    expect(back.transferSyntaxUid).toBe(TRANSFER_SYNTAX.JPEG_BASELINE);
    expect((back.dataset.value('PixelData') as EncapsulatedPixelData).fragments.map((f) => Array.from(f))).toEqual([[0xff, 0xd8, 0xff, 0xd9]]);
    expect(() => writeDicom(obj, { transferSyntaxUid: TRANSFER_SYNTAX.EXPLICIT_LE })).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_TRANSFER_SYNTAX' }));
    const native = sample();
    native.dataset.put(obj.dataset.get('PixelData')!);
    expect(() => writeDicom(native)).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_TRANSFER_SYNTAX' }));
  });

  it('drops stale group lengths outside the meta', () => {
    const ds = concat(element(EXPLICIT_LE, 0x00080000, 'UL', numbers('UL', [999])), element(EXPLICIT_LE, 0x00080060, 'CS', text('OT')));
    expect(parseDicom(writeDicom(parseDicom(part10(TRANSFER_SYNTAX.EXPLICIT_LE, ds)))).dataset.tags()).toEqual(['00080060']);
  });

  it('writes a short-VR value over 64 KiB as UN rather than corrupting its length', () => {
    const obj = sample();
    obj.dataset.set('ImageComments', 'x'.repeat(70_000));
    obj.dataset.set('00091002', 'LO', 'y'.repeat(70_000));
    const back = parseDicom(writeDicom(obj)).dataset;
    expect(back.get('00091002')?.vr).toBe('UN');
    expect(back.bytes('00091002')?.length).toBe(70_000);
    expect(back.string('ImageComments')).toHaveLength(70_000);
  });

  it('refuses values it cannot encode faithfully', () => {
    const cases: [string, (ds: DataSet) => void][] = [
      ['INVALID_VALUE', (ds) => ds.set('Rows', 70_000)],
      ['INVALID_VALUE', (ds) => ds.set('Rows', -1)],
      ['INVALID_VALUE', (ds) => ds.set('ImageType', ['A\\B'])],
      ['UNENCODABLE_TEXT', (ds) => ds.set('SOPInstanceUID', '1.2.é')],
      ['UNENCODABLE_TEXT', (ds) => ds.set('PatientName', 'Jérôme')],
    ];
    for (const [code, edit] of cases) {
      const obj = sample();
      edit(obj.dataset);
      expect(() => writeDicom(obj)).toThrow(expect.objectContaining({ code }));
    }
  });
});
