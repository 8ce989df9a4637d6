import { DicomObject, isDicomParseError, parseDicom } from '@gantry/domain';
import { BlobNotFoundError, BlobStore, EventStore, PermanentError } from '@gantry/platform';
import { instanceHistory } from './instance-history';

/**
 * The raw blob key of an ingested instance: the one the cause carried (InstanceIndexed and
 * PhiFound pass it on), else the one InstanceIngested recorded (events appended before the
 * field existed). Carrying it saves a stream read per stage on the hot path.
 */
async function rawBlobKeyOf(store: EventStore, key: string, carried: string | undefined): Promise<string> {
  if (carried !== undefined) return carried;
  const { ingested } = await instanceHistory(store, key);
  if (!ingested) throw new PermanentError('NOT_INGESTED', 'the instance has no ingested event');
  return ingested.data.blobKey;
}

/**
 * The parsed raw object of an ingested instance, whole (pixel data included: the plan
 * covers every element and the remediator re-plans the same bytes). What can never heal
 * by retrying is a PermanentError with a code; a store or blob outage is thrown as is,
 * and so retried.
 */
export async function loadIngestedObject(store: EventStore, blobs: BlobStore, key: string, rawBlobKey?: string): Promise<DicomObject> {
  let bytes: Uint8Array;
  try {
    bytes = await blobs.getBytes(await rawBlobKeyOf(store, key, rawBlobKey));
  } catch (e) {
    if (e instanceof BlobNotFoundError) throw new PermanentError('BLOB_MISSING', 'raw blob missing', { cause: e });
    throw e;
  }
  try {
    return parseDicom(bytes);
  } catch (e) {
    if (isDicomParseError(e)) throw new PermanentError('DICOM_UNREADABLE', `raw blob unreadable (${e.code})`, { cause: e });
    throw e;
  }
}
