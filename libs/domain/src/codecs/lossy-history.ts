import type { DataSet } from '../dicom/data-set';
import type { EncapsulatedPixelData } from '../dicom/element';
import type { DicomObject } from '../dicom/parse-dicom';
import { formatDecimalString } from '../dicom/value-input';
import { codecSyntax } from './codec-syntaxes';
import { frameByteLength, readPixelInfo } from './pixel-info';

/** Whether the source's pixels have been through lossy compression, by header or by syntax. */
export function wasLossyCompressed(source: DicomObject): boolean {
  const flag = source.dataset.string('LossyImageCompression');
  const syntax = codecSyntax(source.transferSyntaxUid);
  return flag === '01' || syntax?.lossy === 'always' || (syntax?.lossy === 'maybe' && flag !== '00');
}

/** Uncompressed over compressed size of the source, the (0028,2112) ratio (PS3.3 C.7.6.1.1.5). */
function compressionRatio(source: DicomObject): string | undefined {
  const px = source.dataset.value('7FE00010');
  if (!px || px instanceof Uint8Array || !('kind' in px)) return undefined;
  const compressed = (px as EncapsulatedPixelData).fragments.reduce((n, f) => n + f.length, 0);
  const info = readPixelInfo(source.dataset);
  if (compressed === 0) return undefined;
  return formatDecimalString(Number(((frameByteLength(info) * info.frames) / compressed).toFixed(2)));
}

/**
 * Keep the lossy history truthful in `target` after re-encoding `source`'s pixels
 * losslessly: once lossy, always 01 (PS3.3 C.7.6.1.1.5). A source that says 01 already
 * documents its compressions and is carried over as is; a lossy syntax whose header
 * failed to say so gets 01 with its method and the ratio measured on the source.
 */
export function carryLossyHistory(source: DicomObject, target: DataSet): void {
  if (!wasLossyCompressed(source)) return;
  const documented = source.dataset.string('LossyImageCompression') === '01' && source.dataset.strings('LossyImageCompressionMethod').length > 0;
  target.set('LossyImageCompression', 'CS', '01');
  const method = codecSyntax(source.transferSyntaxUid)?.method;
  if (documented || method === undefined) return;
  const methods = source.dataset.strings('LossyImageCompressionMethod');
  const ratios = source.dataset.strings('LossyImageCompressionRatio');
  const ratio = compressionRatio(source);
  target.set('LossyImageCompressionMethod', 'CS', [...methods, method]);
  // Ratios pair with methods by position; one that cannot be measured is left out entirely.
  if (ratio !== undefined && ratios.length === methods.length) target.set('LossyImageCompressionRatio', 'DS', [...ratios, ratio]);
}
