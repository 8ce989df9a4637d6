import { GantryEvent, INSTANCE_INDEXED, INSTANCE_INGESTED, newEvent } from '@gantry/domain';
import { randomBytes } from 'node:crypto';

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');

/** A valid InstanceIngested event with random opaque keys (no DICOM value anywhere). */
export function ingestedEvent(over: { id?: string; size?: number } = {}): GantryEvent {
  const key = hex(16);
  return newEvent({
    type: INSTANCE_INGESTED,
    source: 'gantry/ingest',
    subject: key,
    id: over.id,
    data: {
      key,
      blobKey: `raw/${key.slice(0, 2)}/${key}.dcm`,
      sopClassUid: '1.2.840.10008.5.1.4.1.1.2',
      transferSyntaxUid: '1.2.840.10008.1.2.1',
      size: over.size ?? 1024,
      sha256: hex(32),
      source: 'file',
    },
  });
}

export function indexedEvent(causedBy?: GantryEvent): GantryEvent {
  const key = hex(16);
  return newEvent({
    type: INSTANCE_INDEXED,
    source: 'gantry/indexer',
    subject: key,
    causedBy: causedBy ?? null,
    data: { key, patientKey: hex(16), studyKey: hex(16), seriesKey: hex(16), deviceKey: hex(16), sopClassUid: '1.2.840.10008.5.1.4.1.1.2', modality: 'CT' },
  });
}

export const streamName = (prefix = 'instance'): string => `${prefix}-${hex(16)}`;
