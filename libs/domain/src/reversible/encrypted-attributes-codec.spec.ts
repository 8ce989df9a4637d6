import { deflateRawSync } from 'node:zlib';
import { ByteSink } from '../dicom/byte-sink';
import { charsetOf, DEFAULT_CHARSET } from '../dicom/charset';
import { DataSet } from '../dicom/data-set';
import { DatasetWriter } from '../dicom/dataset-writer';
import { TRANSFER_SYNTAX } from '../dicom/transfer-syntax';
import { decodeEncryptedAttributes, encodeEncryptedAttributes } from './encrypted-attributes-codec';
import { ReversibleError } from './reversible-error';

const item = (): DataSet =>
  new DataSet()
    .set('PatientName', 'PN', 'DOE^JANE')
    .set('PatientID', 'LO', 'ID-1')
    .set('RequestAttributesSequence', 'SQ', [{ AccessionNumber: 'A-1' }]);

function encodeWith(explicit: boolean, ds: DataSet): Uint8Array {
  const sink = new ByteSink();
  new DatasetWriter(sink, explicit).writeDataSet(ds, DEFAULT_CHARSET);
  return sink.result();
}

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return e instanceof ReversibleError ? e.code : 'not a ReversibleError';
  }
  return undefined;
};

describe('Encrypted Attributes Data Set codec', () => {
  it('encodes (0400,0550) with one item in explicit VR LE, as GDCM does', () => {
    const bytes = encodeEncryptedAttributes(item(), DEFAULT_CHARSET);
    expect(Array.from(bytes.subarray(0, 6))).toEqual([0x00, 0x04, 0x50, 0x05, 0x53, 0x51]);
    const back = decodeEncryptedAttributes(bytes, TRANSFER_SYNTAX.EXPLICIT_LE, DEFAULT_CHARSET);
    expect(back.string('PatientName')).toBe('DOE^JANE');
    expect(back.sequence('RequestAttributesSequence')?.[0]?.string('AccessionNumber')).toBe('A-1');
  });

  it('reads implicit VR LE and deflated content as their transfer syntax says', () => {
    const outer = new DataSet().set('ModifiedAttributesSequence', 'SQ', [item()]);
    const implicit = decodeEncryptedAttributes(encodeWith(false, outer), TRANSFER_SYNTAX.IMPLICIT_LE, DEFAULT_CHARSET);
    expect(implicit.string('PatientID')).toBe('ID-1');
    const deflated = new Uint8Array(deflateRawSync(encodeWith(true, outer)));
    expect(decodeEncryptedAttributes(deflated, TRANSFER_SYNTAX.DEFLATED_LE, DEFAULT_CHARSET).string('PatientID')).toBe('ID-1');
  });

  it('decodes text under the character set of the data set it returns to', () => {
    const utf8 = charsetOf(['ISO_IR 192']);
    const bytes = encodeEncryptedAttributes(new DataSet().set('PatientName', 'PN', 'ÉCOLE^ZOË'), utf8);
    expect(decodeEncryptedAttributes(bytes, TRANSFER_SYNTAX.EXPLICIT_LE, utf8).string('PatientName')).toBe('ÉCOLE^ZOË');
  });

  it('refuses content it cannot read, by code only', () => {
    const good = encodeEncryptedAttributes(item(), DEFAULT_CHARSET);
    expect(codeOf(() => decodeEncryptedAttributes(good, TRANSFER_SYNTAX.JPEG_BASELINE, DEFAULT_CHARSET))).toBe('UNSUPPORTED_TRANSFER_SYNTAX');
    expect(codeOf(() => decodeEncryptedAttributes(good, '1.2.3.4', DEFAULT_CHARSET))).toBe('UNSUPPORTED_TRANSFER_SYNTAX');
    expect(codeOf(() => decodeEncryptedAttributes(good.subarray(0, good.length - 3), TRANSFER_SYNTAX.EXPLICIT_LE, DEFAULT_CHARSET))).toBe('MALFORMED_CONTENT');
    const two = new DataSet().set('ModifiedAttributesSequence', 'SQ', [item(), item()]);
    expect(codeOf(() => decodeEncryptedAttributes(encodeWith(true, two), TRANSFER_SYNTAX.EXPLICIT_LE, DEFAULT_CHARSET))).toBe('MALFORMED_CONTENT');
    const none = new DataSet().set('PatientName', 'PN', 'DOE^JANE');
    expect(codeOf(() => decodeEncryptedAttributes(encodeWith(true, none), TRANSFER_SYNTAX.EXPLICIT_LE, DEFAULT_CHARSET))).toBe('MALFORMED_CONTENT');
    expect(codeOf(() => decodeEncryptedAttributes(new Uint8Array([1, 2, 3]), TRANSFER_SYNTAX.DEFLATED_LE, DEFAULT_CHARSET))).toBe('MALFORMED_CONTENT');
  });
});
