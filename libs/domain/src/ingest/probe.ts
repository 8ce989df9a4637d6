import { DicomObject, DicomParseError, parseDicom } from '../dicom';
import { RejectReason } from '../events';

/** Media Storage Directory (DICOMDIR): a file-set index, not an instance to de-identify. */
const MEDIA_STORAGE_DIRECTORY = '1.2.840.10008.1.3.10';
/** PS3.5 §9.1: digits and dots, no leading zero in a component, at most 64 characters. */
const UID = /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/;

export interface AcceptedInput {
  ok: true;
  object: DicomObject;
  sopInstanceUid: string;
  sopClassUid: string;
  transferSyntaxUid: string;
}

export interface RejectedInput {
  ok: false;
  reason: RejectReason;
  /** Where parsing failed: tag and offset only, never a value. */
  at?: { tag?: string; offset?: number };
}

export type ProbeResult = AcceptedInput | RejectedInput;

const isUid = (s: string | undefined): s is string => !!s && s.length <= 64 && UID.test(s);

/**
 * Decides whether bytes are an instance Gantry can take in. The whole object is parsed,
 * pixel data included, so a truncated file is refused here rather than at export.
 */
export function probeInstance(bytes: Uint8Array): ProbeResult {
  if (bytes.length === 0) return { ok: false, reason: 'EMPTY_FILE' };
  let object: DicomObject;
  try {
    object = parseDicom(bytes);
  } catch (e) {
    if (e instanceof DicomParseError) return { ok: false, reason: e.code, at: locationOf(e) };
    throw e;
  }
  const mediaClass = object.meta.string('MediaStorageSOPClassUID');
  const sopClassUid = object.dataset.string('SOPClassUID');
  if (mediaClass === MEDIA_STORAGE_DIRECTORY || sopClassUid === MEDIA_STORAGE_DIRECTORY) {
    return { ok: false, reason: 'NOT_AN_INSTANCE' };
  }
  const sopInstanceUid = object.dataset.string('SOPInstanceUID');
  if (!sopInstanceUid) return { ok: false, reason: 'MISSING_SOP_INSTANCE_UID' };
  if (!sopClassUid) return { ok: false, reason: 'MISSING_SOP_CLASS_UID' };
  if (!isUid(sopInstanceUid) || !isUid(sopClassUid)) return { ok: false, reason: 'INVALID_UID' };
  return { ok: true, object, sopInstanceUid, sopClassUid, transferSyntaxUid: object.transferSyntaxUid };
}

function locationOf(e: DicomParseError): RejectedInput['at'] {
  const at: { tag?: string; offset?: number } = {};
  if (e.tag) at.tag = e.tag;
  if (e.offset !== undefined) at.offset = e.offset;
  return Object.keys(at).length ? at : undefined;
}
