import { randomBytes } from 'node:crypto';
import { MessageHandler } from '@nestjs/microservices';
import { EventType, GantryEvent, INSTANCE_INGESTED, INSTANCE_INDEXED, newEvent } from '@gantry/domain';
import { GantryContext } from './gantry-context';
import { StageBinding } from './stage-bindings';

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');

/** A valid InstanceIngested event with random keys (no patient data exists in events). */
export function ingestedEvent(): GantryEvent<typeof INSTANCE_INGESTED> {
  const key = hex(16);
  const sha = hex(32);
  return newEvent({
    type: INSTANCE_INGESTED,
    source: 'gantry/ingest',
    subject: key,
    data: {
      key,
      blobKey: `raw/${sha.slice(0, 2)}/${sha}.dcm`,
      sopClassUid: '1.2.840.10008.5.1.4.1.1.2',
      transferSyntaxUid: '1.2.840.10008.1.2.1',
      size: 1024,
      sha256: sha,
      source: 'file',
    },
  });
}

/** A valid InstanceIndexed event caused by `cause`. */
export function indexedEvent(cause: GantryEvent<typeof INSTANCE_INGESTED>): GantryEvent<typeof INSTANCE_INDEXED> {
  return newEvent({
    type: INSTANCE_INDEXED,
    source: 'gantry/indexer',
    subject: cause.subject,
    causedBy: cause,
    data: { key: cause.data.key, patientKey: hex(16), studyKey: hex(16), seriesKey: hex(16), deviceKey: hex(16), sopClassUid: cause.data.sopClassUid, modality: 'CT' },
  });
}

export type TestHandler = (event: GantryEvent, ctx: GantryContext) => Promise<void>;

/** A binding whose handler behaves like a Nest event handler proxy (with the passthrough filter). */
export function testBinding(consumer: string, type: EventType, handler: TestHandler): StageBinding {
  const fn = ((event: GantryEvent, ctx: GantryContext) => handler(event, ctx)) as MessageHandler;
  fn.isEventHandler = true;
  fn.extras = { consumer };
  return { consumer, type, handler: fn };
}
