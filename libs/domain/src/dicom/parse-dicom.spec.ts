import { deflateRawSync } from 'node:zlib';
import type { DataSet } from './data-set';
import type { EncapsulatedPixelData } from './element';
import { DicomParseError } from './errors';
import { parseDicom } from './parse-dicom';
import {
  EXPLICIT_BE,
  EXPLICIT_LE,
  IMPLICIT_LE,
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
  u32,
} from './testing/raw-stream';
import { TRANSFER_SYNTAX } from './transfer-syntax';

const SECRET = 'SECRET^PATIENT';

function parseError(input: Uint8Array): DicomParseError {
  try {
    parseDicom(input);
  } catch (e) {
    if (e instanceof DicomParseError) return e;
    throw e;
  }
  throw new Error('expected a DicomParseError');
}

/** A small explicit VR dataset touching the common value kinds. */
function basicDataset(enc = EXPLICIT_LE): Uint8Array {
  const le = enc.littleEndian;
  return concat(
    element(enc, 0x00080008, 'CS', text('ORIGINAL\\PRIMARY')),
    element(enc, 0x00080016, 'UI', text('1.2.840.10008.5.1.4.1.1.7', '\0')),
    element(enc, 0x00100010, 'PN', text(SECRET)),
    element(enc, 0x00180050, 'DS', text('2.5')),
    element(enc, 0x00209165, 'AT', concat(numbers('US', [0x0018, 0x1063], le))),
    element(enc, 0x00280010, 'US', numbers('US', [4], le)),
    element(enc, 0x00280011, 'US', numbers('US', [2], le)),
    element(enc, 0x00281052, 'DS', text('-1024')),
    element(enc, 0x00189087, 'FD', numbers('FD', [1.5], le)),
    element(enc, 0x7fe00010, 'OW', numbers('US', [1, 2, 3, 4, 5, 6, 7, 0x0102], le)),
  );
}

function expectBasic(ds: DataSet): void {
  expect(ds.strings('ImageType')).toEqual(['ORIGINAL', 'PRIMARY']);
  expect(ds.get('SOPClassUID')?.value).toEqual(['1.2.840.10008.5.1.4.1.1.7']);
  expect(ds.string('PatientName')).toBe(SECRET);
  expect(ds.number('SliceThickness')).toBe(2.5);
  expect(ds.get('00209165')?.value).toEqual(['00181063']);
  expect(ds.number('Rows')).toBe(4);
  expect(ds.number('00189087')).toBe(1.5);
  expect(ds.number('RescaleIntercept')).toBe(-1024);
  expect(Array.from(ds.bytes('PixelData') ?? [])).toEqual([1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 2, 1]);
}

describe('parseDicom: transfer syntaxes', () => {
  it('reads explicit VR little endian', () => {
    const obj = parseDicom(part10(TRANSFER_SYNTAX.EXPLICIT_LE, basicDataset()));
    expect(obj.transferSyntaxUid).toBe(TRANSFER_SYNTAX.EXPLICIT_LE);
    expect(obj.hasPart10Header).toBe(true);
    expect(obj.meta.string('TransferSyntaxUID')).toBe(TRANSFER_SYNTAX.EXPLICIT_LE);
    expectBasic(obj.dataset);
  });

  it('converts explicit VR big endian to little-endian values and words', () => {
    const obj = parseDicom(part10(TRANSFER_SYNTAX.EXPLICIT_BE, basicDataset(EXPLICIT_BE)));
    expect(obj.transferSyntaxUid).toBe(TRANSFER_SYNTAX.EXPLICIT_BE);
    expectBasic(obj.dataset);
  });

  it('reads implicit VR with dictionary VRs, LO private creators and UN private data', () => {
    const ds = concat(
      element(IMPLICIT_LE, 0x00090010, '', text('ACME')),
      element(IMPLICIT_LE, 0x00091001, '', bytes(1, 2, 3, 4)),
      element(IMPLICIT_LE, 0x00100010, '', text(SECRET)),
      element(IMPLICIT_LE, 0x00280010, '', numbers('US', [4])),
      element(IMPLICIT_LE, 0x00280103, '', numbers('US', [1])),
      element(IMPLICIT_LE, 0x00280106, '', numbers('SS', [-7])),
    );
    const obj = parseDicom(part10(TRANSFER_SYNTAX.IMPLICIT_LE, ds));
    expect(obj.dataset.get('00090010')?.vr).toBe('LO');
    expect(obj.dataset.privateCreator('00091001')).toBe('ACME');
    expect(obj.dataset.get('00091001')?.vr).toBe('UN');
    expect(obj.dataset.get('PatientName')?.vr).toBe('PN');
    expect(obj.dataset.get('Rows')?.value).toEqual([4]);
    // 'US or SS' follows Pixel Representation.
    expect(obj.dataset.get('SmallestImagePixelValue')).toMatchObject({ vr: 'SS', value: [-7] });
  });

  it('gives standard elements written as UN their dictionary VR; private UN stays bytes', () => {
    const ds = concat(
      element(EXPLICIT_LE, 0x00091001, 'UN', text('ABCD')),
      element(EXPLICIT_LE, 0x00100010, 'UN', text(SECRET)),
      element(EXPLICIT_LE, 0x00280010, 'UN', numbers('US', [4])),
      element(EXPLICIT_LE, 0x00280011, 'UN', bytes(1, 2, 3)),
    );
    const obj = parseDicom(part10(TRANSFER_SYNTAX.EXPLICIT_LE, ds)).dataset;
    expect(obj.get('PatientName')).toMatchObject({ vr: 'PN', value: [SECRET] });
    expect(obj.get('Rows')).toMatchObject({ vr: 'US', value: [4] });
    expect(obj.get('Columns')?.vr).toBe('UN');
    expect(obj.get('00091001')?.vr).toBe('UN');
  });

  it('inflates deflated explicit VR little endian', () => {
    const obj = parseDicom(part10(TRANSFER_SYNTAX.DEFLATED_LE, deflateRawSync(basicDataset())));
    expectBasic(obj.dataset);
    expect(parseError(part10(TRANSFER_SYNTAX.DEFLATED_LE, bytes(1, 2, 3, 4, 5, 6, 7, 8))).code).toBe('DEFLATE_ERROR');
  });

  it('keeps encapsulated pixel data as zero-copy fragments', () => {
    const px = concat(item(EXPLICIT_LE, new Uint8Array(0)), item(EXPLICIT_LE, bytes(0xff, 0xd8, 0xff, 0xd9)), item(EXPLICIT_LE, bytes(9, 9)), sequenceEnd(EXPLICIT_LE));
    const input = part10(TRANSFER_SYNTAX.JPEG_BASELINE, concat(element(EXPLICIT_LE, 0x00280010, 'US', numbers('US', [1])), element(EXPLICIT_LE, 0x7fe00010, 'OB', px, UNDEFINED_LENGTH)));
    const value = parseDicom(input).dataset.get('PixelData')?.value as EncapsulatedPixelData;
    expect(value.kind).toBe('encapsulated');
    expect(value.offsetTable.length).toBe(0);
    expect(value.fragments.map((f) => Array.from(f))).toEqual([[0xff, 0xd8, 0xff, 0xd9], [9, 9]]);
    expect(value.fragments[0]?.buffer).toBe(input.buffer);
  });

  it('refuses unknown transfer syntaxes and undefined-length pixel data in native ones', () => {
    expect(parseError(part10('1.2.3.4.5', basicDataset())).code).toBe('UNSUPPORTED_TRANSFER_SYNTAX');
    const px = concat(item(EXPLICIT_LE, new Uint8Array(0)), sequenceEnd(EXPLICIT_LE));
    expect(parseError(part10(TRANSFER_SYNTAX.EXPLICIT_LE, element(EXPLICIT_LE, 0x7fe00010, 'OB', px, UNDEFINED_LENGTH))).code).toBe('MALFORMED_LENGTH');
  });
});

describe('parseDicom: sequences', () => {
  const inner = concat(element(EXPLICIT_LE, 0x00080100, 'SH', text('CODE')));

  it('reads defined and undefined lengths for sequences and items', () => {
    const sqDefined = concat(item(EXPLICIT_LE, inner), item(EXPLICIT_LE, inner, true));
    const sqUndefined = concat(item(EXPLICIT_LE, inner, true), sequenceEnd(EXPLICIT_LE));
    const ds = concat(element(EXPLICIT_LE, 0x00081032, 'SQ', sqDefined), element(EXPLICIT_LE, 0x00400260, 'SQ', sqUndefined, UNDEFINED_LENGTH));
    const obj = parseDicom(part10(TRANSFER_SYNTAX.EXPLICIT_LE, ds));
    expect(obj.dataset.sequence('ProcedureCodeSequence')?.map((i) => i.string('CodeValue'))).toEqual(['CODE', 'CODE']);
    expect(obj.dataset.sequence('PerformedProtocolCodeSequence')).toHaveLength(1);
  });

  it('reads an undefined-length UN as an implicit VR LE sequence', () => {
    const implicitItem = item(IMPLICIT_LE, element(IMPLICIT_LE, 0x00080100, '', text('CODE')), true);
    const ds = element(EXPLICIT_LE, 0x00091010, 'UN', concat(implicitItem, sequenceEnd(IMPLICIT_LE)), UNDEFINED_LENGTH);
    const el = parseDicom(part10(TRANSFER_SYNTAX.EXPLICIT_LE, ds)).dataset.get('00091010');
    expect(el?.vr).toBe('SQ');
    expect((el?.value as DataSet[])[0]?.string('CodeValue')).toBe('CODE');
  });

  it('recognises a defined-length private sequence in implicit VR, and keeps bytes that are not one', () => {
    const sq = item(IMPLICIT_LE, element(IMPLICIT_LE, 0x00100010, '', text(SECRET)));
    const notSq = concat(bytes(0xfe, 0xff, 0x00, 0xe0), u32(100), bytes(1, 2));
    const ds = concat(element(IMPLICIT_LE, 0x00091001, '', sq), element(IMPLICIT_LE, 0x00091002, '', notSq));
    const obj = parseDicom(part10(TRANSFER_SYNTAX.IMPLICIT_LE, ds));
    expect(obj.dataset.sequence('00091001')?.[0]?.string('PatientName')).toBe(SECRET);
    expect(obj.dataset.get('00091002')?.vr).toBe('UN');
    expect(obj.dataset.bytes('00091002')?.length).toBe(10);
  });

  it('refuses structural errors with MALFORMED_SEQUENCE', () => {
    const cases = [
      element(EXPLICIT_LE, 0x00081032, 'SQ', element(EXPLICIT_LE, 0x00080100, 'SH', text('X'))),
      concat(element(EXPLICIT_LE, 0x00080100, 'SH', text('X')), sequenceEnd(EXPLICIT_LE)),
      element(EXPLICIT_LE, 0x00081032, 'SQ', concat(item(EXPLICIT_LE, inner, true), item(EXPLICIT_LE, inner)), UNDEFINED_LENGTH),
      concat(element(EXPLICIT_LE, 0x00080100, 'SH', text('X')), element(EXPLICIT_LE, 0x00080100, 'SH', text('Y'))),
    ];
    const codes = cases.map((c) => parseError(part10(TRANSFER_SYNTAX.EXPLICIT_LE, concat(c, element(EXPLICIT_LE, 0x00100010, 'PN', text(SECRET))))).code);
    expect(codes).toEqual(['MALFORMED_SEQUENCE', 'MALFORMED_SEQUENCE', 'MALFORMED_SEQUENCE', 'MALFORMED_SEQUENCE']);
  });

  it('bounds nesting depth', () => {
    let content = element(EXPLICIT_LE, 0x00080100, 'SH', text('X'));
    for (let i = 0; i < 200; i++) content = element(EXPLICIT_LE, 0x0040a730, 'SQ', item(EXPLICIT_LE, content));
    expect(parseError(part10(TRANSFER_SYNTAX.EXPLICIT_LE, content)).code).toBe('MALFORMED_SEQUENCE');
  });
});

describe('parseDicom: streams without a Part 10 header', () => {
  it('detects raw explicit LE, explicit BE and implicit LE datasets', () => {
    for (const [enc, ts] of [[EXPLICIT_LE, TRANSFER_SYNTAX.EXPLICIT_LE], [EXPLICIT_BE, TRANSFER_SYNTAX.EXPLICIT_BE]] as const) {
      const obj = parseDicom(basicDataset(enc));
      expect(obj).toMatchObject({ hasPart10Header: false, transferSyntaxUid: ts });
      expect(obj.meta.size).toBe(0);
      expectBasic(obj.dataset);
    }
    const implicit = concat(element(IMPLICIT_LE, 0x00080016, '', text('1.2', '\0')), element(IMPLICIT_LE, 0x00100010, '', text(SECRET)));
    expect(parseDicom(implicit)).toMatchObject({ hasPart10Header: false, transferSyntaxUid: TRANSFER_SYNTAX.IMPLICIT_LE });
  });

  it('skips a stray leading byte before a raw dataset (as in pydicom no_meta.dcm)', () => {
    expectBasic(parseDicom(concat(bytes(0x20), basicDataset())).dataset);
  });

  it('infers the transfer syntax when the meta lacks one', () => {
    const implicit = concat(element(IMPLICIT_LE, 0x00080016, '', text('1.2', '\0')), element(IMPLICIT_LE, 0x00100010, '', text(SECRET)));
    expect(parseDicom(part10(undefined, implicit)).transferSyntaxUid).toBe(TRANSFER_SYNTAX.IMPLICIT_LE);
    expect(parseDicom(part10(undefined, basicDataset(EXPLICIT_BE))).transferSyntaxUid).toBe(TRANSFER_SYNTAX.EXPLICIT_BE);
  });

  it('reads implicit VR declared as explicit (a common writer bug) when unambiguous', () => {
    const implicit = concat(element(IMPLICIT_LE, 0x00080016, '', text('1.2', '\0')), element(IMPLICIT_LE, 0x00100010, '', text(SECRET)));
    expect(parseDicom(part10(TRANSFER_SYNTAX.EXPLICIT_LE, implicit)).dataset.string('PatientName')).toBe(SECRET);
  });

  it('says NOT_DICOM for other content', () => {
    for (const input of [new Uint8Array(0), ascii('hello'), ascii('{"00100010": {"vr": "PN"}}'), bytes(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3)]) {
      expect(parseError(input).code).toBe('NOT_DICOM');
    }
  });
});

describe('parseDicom: strictness', () => {
  const valid = part10(TRANSFER_SYNTAX.EXPLICIT_LE, basicDataset());

  it('fails TRUNCATED when the file ends inside an element', () => {
    const e = parseError(valid.subarray(0, valid.length - 3));
    expect(e.code).toBe('TRUNCATED');
    expect(e.tag).toBe('7FE00010');
    expect(e.offset).toBeGreaterThan(132);
  });

  it('fails MALFORMED_LENGTH for lengths inconsistent with the VR or the enclosing item', () => {
    const oddUs = element(EXPLICIT_LE, 0x00280010, 'US', bytes(1, 0, 0));
    expect(parseError(part10(TRANSFER_SYNTAX.EXPLICIT_LE, oddUs)).code).toBe('MALFORMED_LENGTH');
    const overrun = element(EXPLICIT_LE, 0x00081032, 'SQ', item(EXPLICIT_LE, element(EXPLICIT_LE, 0x00080100, 'SH', text('CODE'), 40)));
    expect(parseError(part10(TRANSFER_SYNTAX.EXPLICIT_LE, concat(overrun, new Uint8Array(64)))).code).toBe('MALFORMED_LENGTH');
    const badVr = concat(element(EXPLICIT_LE, 0x00080016, 'UI', text('1.2', '\0')), element(EXPLICIT_LE, 0x00100010, 'ZZ', text(SECRET)));
    expect(parseError(part10(TRANSFER_SYNTAX.EXPLICIT_LE, badVr)).code).toBe('MALFORMED_LENGTH');
  });

  it('fails BAD_META for a meta that is not explicit VR', () => {
    const implicitMeta = concat(new Uint8Array(128), ascii('DICM'), element(IMPLICIT_LE, 0x00020010, '', text(TRANSFER_SYNTAX.EXPLICIT_LE, '\0')), basicDataset());
    expect(parseError(implicitMeta).code).toBe('BAD_META');
  });

  it('accepts values longer than their VR allows (not a structural error)', () => {
    const longDa = element(EXPLICIT_LE, 0x00080020, 'DA', text('1997.04.24'));
    expect(parseDicom(part10(TRANSFER_SYNTAX.EXPLICIT_LE, longDa)).dataset.string('StudyDate')).toBe('1997.04.24');
  });

  it('throws only DicomParseError, without values in messages, for every truncation', () => {
    const codes = new Set<string>();
    for (let n = 0; n < valid.length; n++) {
      try {
        parseDicom(valid.subarray(0, n));
      } catch (e) {
        expect(e).toBeInstanceOf(DicomParseError);
        expect((e as Error).message).not.toContain('SECRET');
        expect((e as Error).message).not.toContain('unreadable structure');
        codes.add((e as DicomParseError).code);
      }
    }
    expect([...codes].sort()).toEqual(['NOT_DICOM', 'TRUNCATED']);
  });

  it('throws only DicomParseError for random corruption, and terminates', () => {
    let state = 42;
    const rand = (): number => ((state = (state * 1103515245 + 12345) >>> 0) >>> 8) / 0x1000000;
    const seq = element(EXPLICIT_LE, 0x00081032, 'SQ', concat(item(EXPLICIT_LE, basicDataset(), true), sequenceEnd(EXPLICIT_LE)), UNDEFINED_LENGTH);
    const base = part10(TRANSFER_SYNTAX.EXPLICIT_LE, concat(seq, basicDataset()));
    for (let i = 0; i < 3000; i++) {
      const input = base.slice();
      for (let k = 0; k < 1 + Math.floor(rand() * 4); k++) input[132 + Math.floor(rand() * (input.length - 132))] = Math.floor(rand() * 256);
      try {
        const obj = parseDicom(input);
        for (const el of obj.dataset) void el.value;
      } catch (e) {
        if (!(e instanceof DicomParseError)) throw e;
        expect(e.message).not.toContain('SECRET');
        // The catch-all for reader bugs must never be what rejects an input.
        expect(e.message).not.toContain('unreadable structure');
      }
    }
  });
});

describe('parseDicom: laziness and options', () => {
  it('decodes values on first access and shares bulk bytes with the input', () => {
    const input = part10(TRANSFER_SYNTAX.EXPLICIT_LE, basicDataset());
    const ds = parseDicom(input).dataset;
    expect(ds.get('PatientName')?.isDecoded).toBe(false);
    expect(ds.string('PatientName')).toBe(SECRET);
    expect(ds.get('PatientName')?.isDecoded).toBe(true);
    expect(ds.bytes('PixelData')?.buffer).toBe(input.buffer);
  });

  it('stops before Pixel Data with untilPixelData', () => {
    const input = part10(TRANSFER_SYNTAX.EXPLICIT_LE, basicDataset());
    const obj = parseDicom(input.subarray(0, input.length - 10), { untilPixelData: true });
    expect(obj.dataset.has('PixelData')).toBe(false);
    expect(obj.dataset.number('Rows')).toBe(4);
  });
});
