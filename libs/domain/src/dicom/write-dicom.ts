import { deflateRawSync } from 'node:zlib';
import { ByteSink } from './byte-sink';
import { DEFAULT_CHARSET } from './charset';
import type { DataSet } from './data-set';
import { DatasetWriter, assertWritable } from './dataset-writer';
import { buildFileMeta } from './file-meta';
import type { DicomObject } from './parse-dicom';
import { TRANSFER_SYNTAX, transferSyntaxInfo } from './transfer-syntax';

export interface WriteOptions {
  /**
   * Output transfer syntax for native pixel data: explicit VR LE (default), implicit VR
   * LE or deflated explicit VR LE. Encapsulated input keeps its own syntax.
   */
  transferSyntaxUid?: string;
}

const WRITABLE_NATIVE = new Set<string>([TRANSFER_SYNTAX.EXPLICIT_LE, TRANSFER_SYNTAX.IMPLICIT_LE, TRANSFER_SYNTAX.DEFLATED_LE]);

function chooseTransferSyntax(obj: DicomObject, requested: string | undefined): string {
  const input = transferSyntaxInfo(obj.transferSyntaxUid);
  const px = obj.dataset.get('7FE00010');
  const encapsulatedPixels = px !== undefined && px.vr !== 'SQ' && !(px.value instanceof Uint8Array);
  if (input?.encapsulated) {
    assertWritable(requested === undefined || requested === obj.transferSyntaxUid, 'encapsulated data cannot be transcoded');
    assertWritable(px === undefined || encapsulatedPixels, 'native pixel data in an encapsulated transfer syntax');
    return obj.transferSyntaxUid;
  }
  const ts = requested ?? TRANSFER_SYNTAX.EXPLICIT_LE;
  assertWritable(WRITABLE_NATIVE.has(ts), 'output transfer syntax not supported');
  assertWritable(!encapsulatedPixels, 'encapsulated pixel data in a native transfer syntax');
  return ts;
}

/** Bulk data dominates the output size; sizing for it up front avoids regrowth copies. */
function estimateSize(ds: DataSet): number {
  let n = 1024;
  for (const el of ds.elements()) {
    const v = el.source ? el.source.bytes : el.isDecoded ? el.value : undefined;
    if (v instanceof Uint8Array) n += v.length + 16;
    else if (v && 'kind' in v) n += v.fragments.reduce((s, f) => s + f.length + 8, v.offsetTable.length + 24);
    else n += 64;
  }
  return n;
}

function writeMeta(sink: ByteSink, meta: DataSet): void {
  const body = new ByteSink(512);
  new DatasetWriter(body, true).writeDataSet(meta, DEFAULT_CHARSET);
  const bytes = body.result();
  sink.ascii('\x02\x00\x00\x00UL\x04\x00');
  sink.u32(bytes.length);
  sink.bytes(bytes);
}

/**
 * Serialize as a Part 10 file: preamble, "DICM", regenerated file meta, then the dataset
 * in ascending tag order with defined-length sequences. Deterministic: equal objects give
 * identical bytes. Unchanged elements are copied from their source bytes.
 */
export function writeDicom(obj: DicomObject, opts: WriteOptions = {}): Uint8Array {
  const tsUid = chooseTransferSyntax(obj, opts.transferSyntaxUid);
  const ts = transferSyntaxInfo(tsUid);
  const explicit = ts?.explicitVr !== false;
  const meta = buildFileMeta(obj.dataset, tsUid, obj.meta);
  const sink = new ByteSink(estimateSize(obj.dataset));
  sink.zeros(128);
  sink.ascii('DICM');
  writeMeta(sink, meta);
  if (!ts?.deflated) {
    new DatasetWriter(sink, explicit).writeDataSet(obj.dataset, DEFAULT_CHARSET);
    return sink.result();
  }
  const body = new ByteSink(estimateSize(obj.dataset));
  new DatasetWriter(body, true).writeDataSet(obj.dataset, DEFAULT_CHARSET);
  // A fixed level keeps the output deterministic for a given zlib.
  sink.bytes(deflateRawSync(body.result(), { level: 6 }));
  return sink.result();
}
