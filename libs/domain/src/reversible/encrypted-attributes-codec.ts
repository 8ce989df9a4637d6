import { inflateRawSync } from 'node:zlib';
import { ByteSink } from '../dicom/byte-sink';
import type { Charset } from '../dicom/charset';
import { DataSet } from '../dicom/data-set';
import { DatasetReader } from '../dicom/dataset-reader';
import { DatasetWriter } from '../dicom/dataset-writer';
import { DicomElement, TextContext } from '../dicom/element';
import { TRANSFER_SYNTAX, transferSyntaxInfo } from '../dicom/transfer-syntax';
import { ReversibleError } from './reversible-error';

/** Encrypted Attributes Sequence: in the main data set, one item per Encrypted Attributes Data Set. */
export const ENCRYPTED_ATTRIBUTES_SEQUENCE = '04000500';
export const ENCRYPTED_CONTENT_TRANSFER_SYNTAX_UID = '04000510';
export const ENCRYPTED_CONTENT = '04000520';
/** Modified Attributes Sequence: the one item of originals inside the encrypted content. */
export const MODIFIED_ATTRIBUTES_SEQUENCE = '04000550';
/** The transfer syntax we encode the Encrypted Attributes Data Set in; GDCM reads no other. */
export const ENCRYPTED_CONTENT_TRANSFER_SYNTAX: string = TRANSFER_SYNTAX.EXPLICIT_LE;
/** A decrypted data set beyond this is refused rather than risk a decompression bomb. */
const MAX_INFLATED = 256 * 1024 * 1024;

/**
 * Encode the Encrypted Attributes Data Set (PS3.3 C.12.1.1.4.2): a data set holding only
 * (0400,0550) with one item, in explicit VR little endian. `charset` is the character set
 * in force where the originals go back (the main data set's), so their text is written
 * as the same bytes a raw copy (GDCM's re-identification) will put there.
 */
export function encodeEncryptedAttributes(item: DataSet, charset: Charset): Uint8Array {
  const outer = new DataSet().put(new DicomElement(MODIFIED_ATTRIBUTES_SEQUENCE, 'SQ', Object.freeze([item])));
  const sink = new ByteSink(4096);
  try {
    new DatasetWriter(sink, true).writeDataSet(outer, charset);
  } catch (e) {
    throw new ReversibleError('ENCODING_FAILED', 'original attributes cannot be encoded', { cause: e });
  }
  return sink.result();
}

function readable(bytes: Uint8Array, tsUid: string): { body: Uint8Array; explicit: boolean; littleEndian: boolean } {
  const ts = transferSyntaxInfo(tsUid);
  if (!ts || ts.encapsulated) throw new ReversibleError('UNSUPPORTED_TRANSFER_SYNTAX', 'Encrypted Content Transfer Syntax is not supported');
  if (!ts.deflated) return { body: bytes, explicit: ts.explicitVr, littleEndian: ts.littleEndian };
  try {
    const out = inflateRawSync(bytes, { maxOutputLength: MAX_INFLATED });
    return { body: new Uint8Array(out.buffer, out.byteOffset, out.byteLength), explicit: true, littleEndian: true };
  } catch (e) {
    throw new ReversibleError('MALFORMED_CONTENT', 'decrypted content does not inflate', { cause: e });
  }
}

/**
 * Decode decrypted content into the single item of its Modified Attributes Sequence.
 * `charset` is the main data set's: the originals' text was encoded under it.
 */
export function decodeEncryptedAttributes(bytes: Uint8Array, tsUid: string, charset: Charset): DataSet {
  const { body, explicit, littleEndian } = readable(bytes, tsUid);
  const text = new TextContext();
  text.own = charset;
  let ds: DataSet;
  try {
    const reader = new DatasetReader(body, { encapsulated: false, untilPixelData: false });
    ds = reader.readDataSet(body.length, { explicit, littleEndian }, false, text, 0);
  } catch (e) {
    throw new ReversibleError('MALFORMED_CONTENT', 'decrypted content is not a DICOM data set', { cause: e });
  }
  const items = ds.sequence(MODIFIED_ATTRIBUTES_SEQUENCE);
  // PS3.3 C.12.1.1.4.2: "Only a single Item shall be present."
  if (items?.length !== 1) throw new ReversibleError('MALFORMED_CONTENT', 'decrypted content has no single Modified Attributes item');
  return items[0] as DataSet;
}
