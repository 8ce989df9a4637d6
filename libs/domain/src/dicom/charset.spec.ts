import { DEFAULT_CHARSET, charsetOf } from './charset';
import { DicomEncodeError } from './errors';
import { parseDicom } from './parse-dicom';
import { EXPLICIT_LE, ascii, bytes, concat, element, item, part10, text } from './testing/raw-stream';
import { TRANSFER_SYNTAX } from './transfer-syntax';
import { writeDicom } from './write-dicom';

const decode = (terms: string[], b: Uint8Array): string => charsetOf(terms).decode(b, 'PN');
const ESC = 0x1b;

describe('charset decoding', () => {
  it('normalises defined terms', () => {
    expect(charsetOf([]).key).toBe('');
    expect(charsetOf(['ISO_IR 6']).key).toBe('');
    expect(charsetOf([' ISO_IR 100 ']).key).toBe('ISO_IR 100');
    expect(charsetOf(['', 'ISO 2022 IR 87']).key).toBe('\\ISO 2022 IR 87');
    expect(charsetOf(['ISO_IR 100'])).toBe(charsetOf(['ISO_IR 100']));
  });

  it('decodes the default repertoire and ISO_IR 100 as true latin1 (not windows-1252)', () => {
    expect(decode([], bytes(0x42, 0x75, 0x63, 0x5e, 0x4a, 0xe9))).toBe('Buc^Jé');
    expect(decode(['ISO_IR 100'], bytes(0xc4, 0x80))).toBe('\u00c4\u0080');
  });

  it('decodes single-byte and multi-byte sets', () => {
    expect(decode(['ISO_IR 192'], Uint8Array.from(Buffer.from('王^小東', 'utf8')))).toBe('王^小東');
    expect(decode(['ISO_IR 126'], bytes(0xc4, 0xe9, 0xef))).toBe('Διο');
    expect(decode(['ISO_IR 144'], bytes(0xbb, 0xee, 0xda))).toBe('Люк');
    expect(decode(['ISO_IR 138'], bytes(0xf9, 0xf8))).toBe('שר');
    expect(decode(['ISO_IR 127'], bytes(0xe2, 0xc8))).toBe('قب');
    expect(decode(['GB18030'], bytes(0xcd, 0xf5, 0x5e, 0xd0, 0xa1))).toBe('王^小');
  });

  it('decodes ISO 2022 escape sequences, resetting at PN delimiters', () => {
    // pydicom chrH31.dcm: Yamada^Tarou=<JIS X 0208>^<JIS X 0208>
    const jis = concat(ascii('Yamada^Tarou='), bytes(ESC, 0x24, 0x42), ascii(';3ED'), bytes(ESC, 0x28, 0x42), ascii('^'), bytes(ESC, 0x24, 0x42), ascii('B@O:'), bytes(ESC, 0x28, 0x42));
    expect(decode(['', 'ISO 2022 IR 87'], jis)).toBe('Yamada^Tarou=山田^太郎');
    // pydicom chrH32.dcm: half-width katakana in G1 under ISO 2022 IR 13
    expect(decode(['ISO 2022 IR 13', 'ISO 2022 IR 87'], bytes(0xd4, 0xcf, 0xc0, 0xde))).toBe('ﾔﾏﾀﾞ');
    // pydicom chrI2.dcm: KS X 1001 designated to G1
    const ks = concat(ascii('Hong^Gildong='), bytes(ESC, 0x24, 0x29, 0x43, 0xfb, 0xf3, 0x5e, ESC, 0x24, 0x29, 0x43, 0xd1, 0xce, 0xd4, 0xd7));
    expect(decode(['', 'ISO 2022 IR 149'], ks)).toBe('Hong^Gildong=洪^吉洞');
    expect(decode(['', 'ISO 2022 IR 100'], concat(bytes(ESC, 0x2d, 0x41), bytes(0xe9)))).toBe('é');
  });
});

describe('charset encoding fails closed', () => {
  it('encodes ASCII anywhere, latin1 and UTF-8 only under their own charset', () => {
    expect(Array.from(DEFAULT_CHARSET.encode('A^B') ?? [])).toEqual([0x41, 0x5e, 0x42]);
    expect(DEFAULT_CHARSET.encode('é')).toBeUndefined();
    expect(Array.from(charsetOf(['ISO_IR 100']).encode('é') ?? [])).toEqual([0xe9]);
    expect(charsetOf(['ISO_IR 100']).encode('王')).toBeUndefined();
    expect(Buffer.from(charsetOf(['ISO_IR 192']).encode('王') ?? []).toString('utf8')).toBe('王');
    expect(charsetOf(['ISO_IR 192']).encode('\ud800')).toBeUndefined();
    expect(charsetOf(['ISO_IR 126']).encode('Δ')).toBeUndefined();
    expect(charsetOf(['', 'ISO 2022 IR 87']).encode('山')).toBeUndefined();
  });
});

describe('charset through parse and write', () => {
  const file = (charset: string, name: Uint8Array): Uint8Array =>
    part10(TRANSFER_SYNTAX.EXPLICIT_LE, concat(element(EXPLICIT_LE, 0x00080005, 'CS', text(charset)), element(EXPLICIT_LE, 0x00100010, 'PN', name)));
  const latin1Name = concat(ascii('Buc^J'), bytes(0xe9), ascii('r'), bytes(0xf4), ascii('me'));
  const jisName = concat(bytes(ESC, 0x24, 0x42), ascii(';3ED'), bytes(ESC, 0x28, 0x42));

  it('writes unchanged text back byte for byte, whatever the charset', () => {
    for (const [charset, name] of [['ISO_IR 100', latin1Name], ['\\ISO 2022 IR 87', jisName]] as const) {
      const input = file(charset, name);
      const out = writeDicom(parseDicom(input));
      expect(Buffer.from(out.subarray(out.length - name.length - 8)).equals(Buffer.from(input.subarray(input.length - name.length - 8)))).toBe(true);
    }
    expect(parseDicom(writeDicom(parseDicom(file('\\ISO 2022 IR 87', jisName)))).dataset.string('PatientName')).toBe('山田');
  });

  it('encodes changed text in the dataset charset, or refuses', () => {
    const obj = parseDicom(file('ISO_IR 100', latin1Name));
    obj.dataset.set('PatientName', 'Müller^Jörg');
    expect(parseDicom(writeDicom(obj)).dataset.string('PatientName')).toBe('Müller^Jörg');
    obj.dataset.set('PatientName', '山田^太郎');
    expect(() => writeDicom(obj)).toThrow(DicomEncodeError);
    expect(() => writeDicom(obj)).toThrow(expect.objectContaining({ code: 'UNENCODABLE_TEXT', tag: '00100010' }));
    const jis = parseDicom(file('\\ISO 2022 IR 87', jisName));
    jis.dataset.set('PatientName', 'ASCII^ONLY');
    expect(parseDicom(writeDicom(jis)).dataset.string('PatientName')).toBe('ASCII^ONLY');
  });

  it('re-encodes unchanged text when the dataset charset is changed', () => {
    const obj = parseDicom(file('ISO_IR 100', latin1Name));
    obj.dataset.set('SpecificCharacterSet', 'ISO_IR 192');
    const out = writeDicom(obj);
    expect(Buffer.from(out).includes(Buffer.from('Jérôme', 'utf8'))).toBe(true);
    expect(parseDicom(out).dataset.string('PatientName')).toBe('Buc^Jérôme');
    obj.dataset.delete('SpecificCharacterSet');
    expect(() => writeDicom(obj)).toThrow(expect.objectContaining({ code: 'UNENCODABLE_TEXT' }));
  });

  it('applies an item’s own charset, and a later (0008,0005) to an earlier sequence', () => {
    const utf8Item = item(EXPLICIT_LE, concat(element(EXPLICIT_LE, 0x00080005, 'CS', text('ISO_IR 192')), element(EXPLICIT_LE, 0x00100010, 'PN', Uint8Array.from(Buffer.from('王^小東 ', 'utf8')))));
    const inherit = item(EXPLICIT_LE, element(EXPLICIT_LE, 0x00100010, 'PN', latin1Name));
    const ds = concat(
      element(EXPLICIT_LE, 0x00041220, 'SQ', inherit),
      element(EXPLICIT_LE, 0x00080005, 'CS', text('ISO_IR 100')),
      element(EXPLICIT_LE, 0x00321064, 'SQ', utf8Item),
    );
    const obj = parseDicom(part10(TRANSFER_SYNTAX.EXPLICIT_LE, ds));
    expect(obj.dataset.sequence('00041220')?.[0]?.string('PatientName')).toBe('Buc^Jérôme');
    expect(obj.dataset.sequence('00321064')?.[0]?.string('PatientName')).toBe('王^小東');
    expect(parseDicom(writeDicom(obj)).dataset.sequence('00321064')?.[0]?.string('PatientName')).toBe('王^小東');
  });
});
