import { DicomObject, isDicomParseError, parseDicom } from '@gantry/domain';
import { BlobNotFoundError, BlobStore, PermanentError } from '@gantry/platform';
import { InstanceHistory } from '../common';

/*
 * The two objects the redactor reads. What can never heal by retrying (no ingest record,
 * a blob gone, bytes that do not parse) is a PermanentError with a code; a store or blob
 * outage is thrown as is, and so retried.
 */

async function bytesOf(blobs: BlobStore, key: string, what: string): Promise<Uint8Array> {
  try {
    return await blobs.getBytes(key);
  } catch (e) {
    if (e instanceof BlobNotFoundError) throw new PermanentError('BLOB_MISSING', `${what} blob missing`, { cause: e });
    throw e;
  }
}

function parsed(bytes: Uint8Array, what: string, headerOnly: boolean): DicomObject {
  try {
    return parseDicom(bytes, { untilPixelData: headerOnly });
  } catch (e) {
    if (isDicomParseError(e)) throw new PermanentError('DICOM_UNREADABLE', `${what} blob unreadable (${e.code})`, { cause: e });
    throw e;
  }
}

/**
 * The ORIGINAL header (the raw blob as ingested, up to Pixel Data): rules match on it,
 * since remediation may have removed the serial number or description they look at.
 */
export async function originalHeader(blobs: BlobStore, history: InstanceHistory): Promise<DicomObject> {
  const ingested = history.ingested;
  if (!ingested) throw new PermanentError('NOT_INGESTED', 'the instance has no ingested event');
  return parsed(await bytesOf(blobs, ingested.data.blobKey, 'raw'), 'raw', true);
}

/** The remediated object, whole: its pixels are what gets redacted. */
export async function remediatedObject(blobs: BlobStore, blobKey: string): Promise<DicomObject> {
  return parsed(await bytesOf(blobs, blobKey, 'remediated'), 'remediated', false);
}
