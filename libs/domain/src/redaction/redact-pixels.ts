import { decodeFrames, type DecodedPixels } from '../codecs/decode-frames';
import { encodeFrames, type EncodeTarget } from '../codecs/encode-frames';
import { buildFileMeta } from '../dicom/file-meta';
import type { DicomObject } from '../dicom/parse-dicom';
import { clipZones } from './clip-zones';
import { frameLayout } from './frame-layout';
import { markRedacted } from './mark-redacted';
import { paintZones } from './paint-zones';
import { toPixelGrid } from './pixel-grid';
import { RedactionError } from './redaction-error';
import type { Fill, Zone } from './redaction-types';
import { resolveFill } from './resolve-fill';
import { verifyRedaction } from './verify-redaction';

const UID_RE = /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))+$/;

export interface RedactOptions {
  /** The redacted instance's SOP Instance UID (the caller's keyed UID); required since the pixels change. */
  readonly newSopInstanceUid: string;
  /** Default: the darkest value of the photometric interpretation. */
  readonly fill?: Fill;
  /** Lossless output syntax; default explicit VR little endian. */
  readonly target?: EncodeTarget;
}

export interface RedactionResult {
  readonly object: DicomObject;
  readonly framesRedacted: number;
  readonly zonesApplied: number;
  /** The stored value written in each sample (as verifyRedaction takes it). */
  readonly fill: readonly number[];
  /** The decoded original on the grid the redaction used, for the caller's own checks. */
  readonly original: DecodedPixels;
  readonly redacted: DecodedPixels;
}

/**
 * Fill zones of every frame and return a new object, written losslessly (encapsulated
 * input is decoded first; lossy history is kept, never cleared). Frames come from
 * decodeFrames, so the zones cover the same pixels a viewer shows; native YBR_FULL_422
 * is written as YBR_FULL and lossy YCbCr JPEG as RGB. The result is checked with
 * verifyRedaction before it is returned (VERIFICATION_FAILED otherwise).
 */
export async function redactPixels(obj: DicomObject, zones: readonly Zone[], options: RedactOptions): Promise<RedactionResult> {
  const uid = options.newSopInstanceUid;
  if (uid.length > 64 || !UID_RE.test(uid)) throw new RedactionError('INVALID_UID', 'newSopInstanceUid is not a valid UID');
  if (zones.length === 0) throw new RedactionError('NO_ZONES', 'nothing to redact: a rule without zones needs no redaction');
  const original = toPixelGrid(await decodeFrames(obj));
  const { info } = original;
  const rects = clipZones(zones, info.rows, info.columns);
  const fill = resolveFill(info, obj.dataset, options.fill);
  const layout = frameLayout(info, fill);
  const frames = original.frames.map((f) => {
    const copy = f.slice();
    paintZones(copy, layout, rects);
    return copy;
  });
  const redacted: DecodedPixels = { frames, info };
  const check = verifyRedaction(original, redacted, zones, fill);
  if (!check.ok) throw new RedactionError('VERIFICATION_FAILED', 'the painted frames fail their own check');
  const object = await encodeFrames(obj, frames, options.target ?? 'explicit-le', info);
  markRedacted(object.dataset, zones.length, uid);
  const result = { ...object, meta: buildFileMeta(object.dataset, object.transferSyntaxUid, object.meta) };
  return { object: result, framesRedacted: frames.length, zonesApplied: zones.length, fill, original, redacted };
}
