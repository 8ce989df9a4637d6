import { Dataset } from 'dcmjs-dimse';
import { GantryError } from '@gantry/domain';

/** The verified bytes cannot be sent as they are (no Part 10 header, or another syntax was negotiated). */
export class RawDatasetError extends GantryError {}

const PREAMBLE = 128;

/**
 * Where the data set starts in a Part 10 file written by writeDicom: after the preamble,
 * "DICM" and the file meta, whose group length (0002,0000) comes first.
 */
export function datasetOffset(part10: Uint8Array): number {
  const b = Buffer.from(part10.buffer, part10.byteOffset, part10.byteLength);
  const header = b.length >= PREAMBLE + 16 && b.toString('latin1', PREAMBLE, PREAMBLE + 4) === 'DICM';
  const groupLength = header && b.readUInt32LE(PREAMBLE + 4) === 0x00000002 && b.toString('latin1', PREAMBLE + 8, PREAMBLE + 10) === 'UL';
  if (!groupLength) throw new RawDatasetError('EXPORT_NOT_PART10', 'the verified object has no file meta group length');
  const start = PREAMBLE + 16 + b.readUInt32LE(PREAMBLE + 12);
  if (start > b.length) throw new RawDatasetError('EXPORT_NOT_PART10', 'the file meta group length points past the end');
  return start;
}

/**
 * A dcmjs-dimse data set that sends the verified bytes as they are: dcmjs-dimse would
 * otherwise re-encode the data set from its own model, and what reaches the SCP must be
 * exactly what the exporter checked. Only the two UIDs the C-STORE command needs are
 * held as elements; asking for the rest (a transcoding) fails, so a context negotiated
 * in another transfer syntax is refused rather than sent as a rebuilt object.
 */
export class RawDataset extends Dataset {
  private readonly raw: Buffer;

  constructor(part10: Uint8Array, sopClassUid: string, sopInstanceUid: string, transferSyntaxUid: string) {
    super({ SOPClassUID: sopClassUid, SOPInstanceUID: sopInstanceUid }, transferSyntaxUid);
    const at = datasetOffset(part10);
    this.raw = Buffer.from(part10.buffer, part10.byteOffset + at, part10.byteLength - at);
  }

  override getDenaturalizedDataset(): Buffer {
    return this.raw;
  }

  override getElements(): Record<string, unknown> {
    throw new RawDatasetError('CSTORE_TRANSCODE_REFUSED', 'the verified bytes are sent only in their own transfer syntax');
  }
}
