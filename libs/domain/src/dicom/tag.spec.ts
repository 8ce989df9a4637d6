import { DicomModelError } from './errors';
import { formatTag, isPrivateCreatorTag, isPrivateTag, keywordOf, tagFromNumber, tagOf, vrOf } from './tag';

describe('tagOf', () => {
  it('accepts keywords, bare hex in any case and the parenthesised form', () => {
    expect(tagOf('PatientName')).toBe('00100010');
    expect(tagOf('00100010')).toBe('00100010');
    expect(tagOf('7fe00010')).toBe('7FE00010');
    expect(tagOf('(0010,0010)')).toBe('00100010');
    expect(tagOf('(7fe0,0010)')).toBe('7FE00010');
  });

  it('accepts retired keywords with or without the dcmjs RETIRED_ prefix', () => {
    expect(tagOf('CurveData')).toBe('50003000');
    expect(tagOf('RETIRED_CurveData')).toBe('50003000');
  });

  it('throws typed errors for unknown keywords and malformed tags', () => {
    expect(() => tagOf('NoSuchKeyword')).toThrow(DicomModelError);
    expect(() => tagOf('NoSuchKeyword')).toThrow(expect.objectContaining({ code: 'UNKNOWN_KEYWORD' }));
    expect(() => tagOf('(0010,001)')).toThrow(expect.objectContaining({ code: 'INVALID_TAG' }));
    expect(() => tagOf('0010-0010')).toThrow(expect.objectContaining({ code: 'INVALID_TAG' }));
  });
});

describe('keywordOf / vrOf', () => {
  it('looks up standard tags', () => {
    expect(keywordOf('00100010')).toBe('PatientName');
    expect(vrOf('00100010')).toBe('PN');
    expect(keywordOf('00080016')).toBe('SOPClassUID');
    expect(vrOf('00080016')).toBe('UI');
    expect(vrOf('00400275')).toBe('SQ');
  });

  it('resolves repeating groups 50xx and 60xx through their base group', () => {
    expect(keywordOf('60003000')).toBe('OverlayData');
    expect(keywordOf('60023000')).toBe('OverlayData');
    expect(keywordOf('601E0010')).toBe('OverlayRows');
    expect(vrOf('60040010')).toBe('US');
    expect(keywordOf('50023000')).toBe('CurveData');
  });

  it('gives private tags no keyword; creators are LO, other private data unknown', () => {
    expect(keywordOf('00090010')).toBeUndefined();
    expect(keywordOf('60013000')).toBeUndefined();
    expect(vrOf('00090010')).toBe('LO');
    expect(vrOf('00091001')).toBeUndefined();
    expect(isPrivateTag('00091001')).toBe(true);
    expect(isPrivateCreatorTag('000900FF')).toBe(true);
    expect(isPrivateCreatorTag('00091001')).toBe(false);
  });

  it('maps ambiguous dictionary VRs to the implicit-VR default and group lengths to UL', () => {
    expect(vrOf('7FE00010')).toBe('OW');
    expect(vrOf('00280106')).toBe('US');
    expect(vrOf('00080000')).toBe('UL');
    expect(vrOf('00280000')).toBe('UL');
  });

  it('returns undefined for tags missing from the dictionary', () => {
    expect(keywordOf('0010FFF0')).toBeUndefined();
    expect(keywordOf('00080001')).toBe('LengthToEnd');
    expect(vrOf('7FE00011')).toBeUndefined();
  });
});

describe('tag strings', () => {
  it('formats numbers as 8 uppercase hex digits and back to the display form', () => {
    expect(tagFromNumber(0x7fe00010)).toBe('7FE00010');
    expect(tagFromNumber(0x00080005)).toBe('00080005');
    expect(tagFromNumber(0xfffee000)).toBe('FFFEE000');
    expect(formatTag('0040A730')).toBe('(0040,A730)');
  });
});
