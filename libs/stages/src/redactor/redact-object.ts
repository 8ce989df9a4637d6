import {
  CodecError,
  codecSyntax,
  DicomObject,
  EncodeTarget,
  Fill,
  HoldReason,
  initializeCodecs,
  KeyRing,
  RedactionError,
  RedactionResult,
  redactPixels,
  writeDicom,
  Zone,
  ZoneGeometry,
} from '@gantry/domain';
import { PermanentError, RetryableError } from '@gantry/platform';
import { redactedUid, retargetSelfReferences } from './redacted-uid';

export type RedactAttempt =
  | { readonly ok: true; readonly bytes: Uint8Array; readonly frames: number; readonly zones: ZoneGeometry[] }
  | { readonly ok: false; readonly reason: HoldReason };

/**
 * Pixel problems that a later rule set may resolve, or that make the image unreadable:
 * the image is HELD (never exported unredacted) with the reason. Everything else the
 * engine refuses (a fill out of range, an encode that was not exact, a failed self-check)
 * is a fault of the rule or the engine: dead-lettered under its code, never exported.
 */
const HOLD_FOR: Readonly<Record<string, HoldReason>> = {
  ZONE_OUTSIDE_IMAGE: 'ZONE_OUTSIDE_IMAGE',
  NO_PIXEL_DATA: 'PIXEL_DATA_MISSING',
  UNSUPPORTED_TRANSFER_SYNTAX: 'UNSUPPORTED_TRANSFER_SYNTAX',
  UNSUPPORTED_PIXEL_FORMAT: 'DECODE_FAILED',
  INVALID_PIXEL_MODULE: 'DECODE_FAILED',
  FRAME_MISMATCH: 'DECODE_FAILED',
  DECODE_FAILED: 'DECODE_FAILED',
};

/**
 * The written syntax: native input stays native (explicit VR little endian, cells kept
 * whole); compressed input is written as RLE Lossless, which is exact, keeps whole cells,
 * needs no WASM codec and which every toolkit (DCMTK's dcmdrle too) decodes. An RLE
 * encode that fails its own exactness check falls back to native.
 */
const targetFor = (obj: DicomObject): EncodeTarget => (codecSyntax(obj.transferSyntaxUid) === undefined ? 'explicit-le' : 'rle');

async function paint(obj: DicomObject, zones: readonly Zone[], uid: string, fill: Fill | undefined): Promise<RedactionResult> {
  const target = targetFor(obj);
  const options = { newSopInstanceUid: uid, ...(fill !== undefined && { fill }) };
  try {
    return await redactPixels(obj, zones, { ...options, target });
  } catch (e) {
    const retry = target !== 'explicit-le' && e instanceof CodecError && (e.code === 'ENCODE_FAILED' || e.code === 'ENCODE_NOT_EXACT');
    if (!retry) throw e;
    return redactPixels(obj, zones, { ...options, target: 'explicit-le' });
  }
}

/**
 * The WASM codecs, loaded once per process. A load that fails is the process's problem,
 * not the image's: retried later, never turned into a DECODE_FAILED hold.
 */
async function codecsReady(): Promise<void> {
  try {
    await initializeCodecs();
  } catch (e) {
    throw new RetryableError('CODECS_UNAVAILABLE', 'the WASM codecs did not load', undefined, { cause: e });
  }
}

/** The zones as they were blanked: clipped to the image, as redactPixels clips them. */
const clipped = (zones: readonly Zone[], rows: number, columns: number): ZoneGeometry[] =>
  zones.map((z) => ({ x: z.x, y: z.y, width: Math.min(z.width, columns - z.x), height: Math.min(z.height, rows - z.y) }));

/**
 * Redacts the remediated object: zones filled on every frame, a new keyed SOP Instance UID
 * (file meta and any self-reference follow it), written losslessly. Returns the bytes or
 * why the image must be held.
 */
export async function redactObject(obj: DicomObject, zones: readonly Zone[], fill: Fill | undefined, keys: KeyRing): Promise<RedactAttempt> {
  const oldUid = obj.dataset.string('SOPInstanceUID');
  if (!oldUid) throw new PermanentError('SOP_INSTANCE_UID_MISSING', 'the remediated object has no SOP Instance UID');
  const uid = redactedUid(keys, oldUid);
  await codecsReady();
  let result: RedactionResult;
  try {
    result = await paint(obj, zones, uid, fill);
  } catch (e) {
    if (!(e instanceof CodecError || e instanceof RedactionError)) throw e;
    const reason = HOLD_FOR[e.code];
    if (reason !== undefined) return { ok: false, reason };
    throw new PermanentError(e.code, 'redaction failed', { cause: e });
  }
  retargetSelfReferences(result.object.dataset, oldUid, uid);
  const { rows, columns } = result.original.info;
  return { ok: true, bytes: writeDicom(result.object), frames: result.framesRedacted, zones: clipped(zones, rows, columns) };
}
