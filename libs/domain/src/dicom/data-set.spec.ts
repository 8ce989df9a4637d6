import { DataSet } from './data-set';
import { DicomElement } from './element';
import { DicomModelError } from './errors';
import { formatDecimalString } from './value-input';

describe('DataSet accessors', () => {
  const ds = new DataSet()
    .set('PatientName', 'DOE^JOHN')
    .set('ImageType', 'ORIGINAL\\PRIMARY\\AXIAL')
    .set('Rows', 512)
    .set('PixelSpacing', [0.5, '0.25'])
    .set('InstanceNumber', ' 7 ')
    .set('StudyDescription', '  padded  ')
    .set('ImageComments', 'LT keeps \\ and leading  spaces  ');

  it('reads strings trimmed of padding, first value and all values', () => {
    expect(ds.string('PatientName')).toBe('DOE^JOHN');
    expect(ds.strings('ImageType')).toEqual(['ORIGINAL', 'PRIMARY', 'AXIAL']);
    expect(ds.string('00080008')).toBe('ORIGINAL');
    expect(ds.string('StudyDescription')).toBe('padded');
    expect(ds.string('ImageComments')).toBe('LT keeps \\ and leading  spaces');
    expect(ds.string('Rows')).toBe('512');
    expect(ds.string('AccessionNumber')).toBeUndefined();
    expect(ds.strings('AccessionNumber')).toEqual([]);
  });

  it('reads numbers from binary VRs and from DS/IS text', () => {
    expect(ds.number('Rows')).toBe(512);
    expect(ds.numbers('PixelSpacing')).toEqual([0.5, 0.25]);
    expect(ds.number('InstanceNumber')).toBe(7);
    expect(ds.number('PatientName')).toBeUndefined();
    expect(ds.number('Columns')).toBeUndefined();
  });

  it('keeps model values typed by VR', () => {
    expect(ds.get('Rows')).toMatchObject({ tag: '00280010', vr: 'US', value: [512] });
    expect(ds.get('PixelSpacing')?.value).toEqual(['0.5', '0.25']);
    expect(ds.has('(0028,0010)')).toBe(true);
    expect(Object.isFrozen(ds.get('ImageType')?.value)).toBe(true);
  });

  it('iterates in ascending tag order whatever the insertion order', () => {
    const tags = [...ds.entries()].map(([tag]) => tag);
    expect(tags).toEqual([...tags].sort());
    expect(tags[0]).toBe('00080008');
    expect(ds.tags()).toEqual(tags);
    expect([...ds].map((e) => e.tag)).toEqual(tags);
  });

  it('replaces and deletes', () => {
    const copy = ds.clone();
    copy.set('Rows', 256);
    expect(copy.number('Rows')).toBe(256);
    expect(ds.number('Rows')).toBe(512);
    expect(copy.delete('Rows')).toBe(true);
    expect(copy.delete('Rows')).toBe(false);
    expect(copy.has('Rows')).toBe(false);
  });
});

describe('DataSet.set', () => {
  it('takes the VR from the dictionary, the existing element, or the caller', () => {
    const ds = new DataSet().set('00091001', 'UN', new Uint8Array([1, 2]));
    ds.set('00091001', new Uint8Array([3, 4]));
    expect(ds.get('00091001')?.vr).toBe('UN');
    expect(() => ds.set('00091002', 'x')).toThrow(expect.objectContaining({ code: 'INVALID_VALUE' }));
    ds.set('SmallestImagePixelValue', 'SS', -5);
    expect(ds.number('SmallestImagePixelValue')).toBe(-5);
  });

  it('normalises friendly input and rejects values of the wrong kind', () => {
    const ds = new DataSet();
    ds.set('ImageType', ['DERIVED', 'SECONDARY']).set('PatientName', '').set('SliceThickness', 1 / 3);
    expect(ds.get('PatientName')?.value).toEqual([]);
    expect(ds.string('SliceThickness')).toBe('0.33333333333333');
    ds.set('FrameIncrementPointer', 'FrameTime');
    expect(ds.get('FrameIncrementPointer')?.value).toEqual(['00181063']);
    ds.set('PatientComments', null);
    expect(ds.get('PatientComments')?.value).toEqual([]);
    expect(() => ds.set('Rows', 'big')).toThrow(DicomModelError);
    expect(() => ds.set('PixelData', 'OW', 'nope')).toThrow(DicomModelError);
    expect(() => ds.set('InstanceNumber', 1.5)).toThrow(DicomModelError);
    expect(() => ds.set('ReferencedSeriesSequence', 'x')).toThrow(DicomModelError);
  });

  it('builds sequences from plain objects, typed values and datasets', () => {
    const item = new DataSet().set('SeriesInstanceUID', '1.2.3');
    const ds = new DataSet().set('ReferencedSeriesSequence', [
      item,
      { SeriesInstanceUID: '1.2.4', '00091001': { vr: 'LO', value: 'private' } },
    ]);
    const items = ds.sequence('ReferencedSeriesSequence');
    expect(items).toHaveLength(2);
    expect(items?.[0]).toBe(item);
    expect(items?.[1]?.string('SeriesInstanceUID')).toBe('1.2.4');
    expect(items?.[1]?.get('00091001')?.vr).toBe('LO');
    expect(ds.sequence('PatientName')).toBeUndefined();
  });

  it('clones sequences deeply so edits do not leak', () => {
    const ds = new DataSet().set('ReferencedSeriesSequence', [{ SeriesInstanceUID: '1.2.3' }]);
    const copy = ds.clone();
    copy.sequence('ReferencedSeriesSequence')?.[0]?.set('SeriesInstanceUID', '9.9');
    expect(ds.sequence('ReferencedSeriesSequence')?.[0]?.string('SeriesInstanceUID')).toBe('1.2.3');
  });
});

describe('formatDecimalString', () => {
  it('fits any finite number in 16 characters', () => {
    for (const n of [0, -1024, 1 / 3, -2 / 3, 1e-20, 123456789012345680, Math.PI * 1e10, -Number.MAX_VALUE]) {
      const s = formatDecimalString(n);
      expect(s.length).toBeLessThanOrEqual(16);
      expect(Math.abs(Number(s) - n)).toBeLessThanOrEqual(Math.abs(n) * 1e-8);
    }
    expect(() => formatDecimalString(NaN)).toThrow(DicomModelError);
  });
});

describe('private elements', () => {
  it('reserves a block per creator and finds it again', () => {
    const ds = new DataSet();
    const a = ds.setPrivate(0x0009, 'ACME 1.0', 0x01, 'LO', 'first');
    const b = ds.setPrivate(0x0009, 'OTHER', 0x01, 'LO', 'second');
    const c = ds.setPrivate(0x0009, 'ACME 1.0', 0x02, 'US', 7);
    expect([a, b, c]).toEqual(['00091001', '00091101', '00091002']);
    expect(ds.string('00090010')).toBe('ACME 1.0');
    expect(ds.string('00090011')).toBe('OTHER');
    expect(ds.privateCreator('00091101')).toBe('OTHER');
    expect(ds.privateCreator('00091002')).toBe('ACME 1.0');
    expect(ds.privateCreator('00090010')).toBeUndefined();
    expect(ds.privateCreator('00100010')).toBeUndefined();
    expect(ds.findPrivate(0x0009, 'OTHER', 0x01)).toBe('00091101');
    expect(ds.findPrivate(0x0009, 'NOBODY', 0x01)).toBeUndefined();
    expect(ds.findPrivate(0x0011, 'ACME 1.0', 0x01)).toBeUndefined();
  });

  it('refuses even groups and a full group', () => {
    const ds = new DataSet();
    expect(() => ds.setPrivate(0x0010, 'X', 1, 'LO', 'v')).toThrow(expect.objectContaining({ code: 'INVALID_TAG' }));
    for (let i = 0x10; i <= 0xff; i++) ds.set(`0009${i.toString(16).toUpperCase().padStart(4, '0')}`, 'LO', `C${i}`);
    expect(() => ds.setPrivate(0x0009, 'NEW', 1, 'LO', 'v')).toThrow(expect.objectContaining({ code: 'NO_PRIVATE_BLOCK' }));
  });
});

describe('DicomElement', () => {
  it('exposes a given value without a source', () => {
    const el = new DicomElement('00100010', 'PN', ['A^B']);
    expect(el.isDecoded).toBe(true);
    expect(el.value).toEqual(['A^B']);
    expect(el.source).toBeUndefined();
  });
});
