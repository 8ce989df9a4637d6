import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  blobKey,
  INSTANCE_DUPLICATED,
  INSTANCE_INGESTED,
  INSTANCE_REJECTED,
  InstanceRejectedData,
  KeyRing,
  newEvent,
  probeInstance,
  RejectReason,
} from '@gantry/domain';
import { BlobStore, EventStore, isConcurrencyError, StoredEvent } from '@gantry/platform';
import { IngestContext, IngestOutcome } from './ingest-outcome';

const SOURCE = 'gantry/ingest';
/** Two racing writers of one new instance: the loser re-reads and becomes a duplicate or conflict. */
const MAX_ATTEMPTS = 3;

const sha256Of = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

type ProbeOk = { sopClassUid: string; transferSyntaxUid: string };

/**
 * Takes one input's bytes to exactly one outcome event. Original bytes go to the blob
 * store before the event that references them, so no event ever points at a missing blob.
 */
@Injectable()
export class IngestService {
  constructor(
    private readonly store: EventStore,
    private readonly blobs: BlobStore,
    private readonly keys: KeyRing,
  ) {}

  async ingest(bytes: Uint8Array, ctx: IngestContext): Promise<IngestOutcome> {
    const sha256 = sha256Of(bytes);
    const probe = probeInstance(bytes);
    if (!probe.ok) return this.reject(bytes, sha256, probe.reason, ctx, probe.at);
    const uids = { sopClassUid: probe.sopClassUid, sopInstanceUid: probe.sopInstanceUid };
    if (ctx.expectedStudyUid && probe.object.dataset.string('StudyInstanceUID') !== ctx.expectedStudyUid) {
      return { ...(await this.reject(bytes, sha256, 'STUDY_MISMATCH', ctx)), uids };
    }
    const key = this.keys.instanceKey(probe.sopInstanceUid);
    for (let attempt = 1; ; attempt++) {
      try {
        return { ...(await this.admit(bytes, sha256, key, probe, ctx)), uids };
      } catch (e) {
        if (!isConcurrencyError(e) || attempt >= MAX_ATTEMPTS) throw e;
      }
    }
  }

  /** Records an input that could not even be read (no bytes to keep). */
  async rejectUnreadable(identity: string, ctx: IngestContext): Promise<IngestOutcome> {
    const key = this.keys.opaque('content', `unreadable\0${identity}`);
    const data: InstanceRejectedData = { key, reason: 'READ_ERROR', size: 0, source: ctx.source, ...batch(ctx) };
    const event = newEvent({ type: INSTANCE_REJECTED, source: SOURCE, subject: key, data });
    await this.store.append(`rejected-${key}`, [event]);
    return { kind: 'rejected', key, eventId: event.id, reason: 'READ_ERROR' };
  }

  /**
   * Fast path for new content: no stream read, just an append that must create the stream.
   * Known content (its raw blob exists) or a lost create race is classified by reading the
   * instance's stream: the same bytes are a duplicate, other bytes a UID conflict.
   */
  private async admit(bytes: Uint8Array, sha256: string, key: string, probe: ProbeOk, ctx: IngestContext): Promise<IngestOutcome> {
    const streamId = `instance-${key}`;
    const rawKey = blobKey('raw', sha256);
    if (await this.blobs.stat(rawKey)) return this.classify(bytes, sha256, key, probe, ctx);
    await this.blobs.put(rawKey, bytes);
    try {
      return await this.appendIngested(streamId, key, rawKey, sha256, bytes.length, probe, ctx);
    } catch (e) {
      if (!isConcurrencyError(e)) throw e;
      const outcome = await this.classify(bytes, sha256, key, probe, ctx);
      // The raw blob is named by its content and these bytes carry this instance's UID, so
      // only this instance's stream could refer to it; after a conflict nothing does.
      if (outcome.kind === 'rejected') await this.blobs.delete(rawKey);
      return outcome;
    }
  }

  private async classify(bytes: Uint8Array, sha256: string, key: string, probe: ProbeOk, ctx: IngestContext): Promise<IngestOutcome> {
    const streamId = `instance-${key}`;
    const prior = ingestedSha(await this.store.readStream(streamId));
    if (prior === sha256) return this.duplicate(streamId, key, sha256, ctx);
    if (prior) return this.reject(bytes, sha256, 'UID_CONFLICT', ctx, undefined, key);
    // Content stored by an earlier attempt that crashed before its event: finish the job.
    const rawKey = blobKey('raw', sha256);
    await this.blobs.put(rawKey, bytes);
    return this.appendIngested(streamId, key, rawKey, sha256, bytes.length, probe, ctx);
  }

  private async appendIngested(
    streamId: string,
    key: string,
    rawKey: string,
    sha256: string,
    size: number,
    probe: ProbeOk,
    ctx: IngestContext,
  ): Promise<IngestOutcome> {
    const event = newEvent({
      type: INSTANCE_INGESTED,
      source: SOURCE,
      subject: key,
      data: { key, blobKey: rawKey, sopClassUid: probe.sopClassUid, transferSyntaxUid: probe.transferSyntaxUid, size, sha256, source: ctx.source, ...batch(ctx) },
    });
    await this.store.append(streamId, [event], { expectedVersion: 'no_stream' });
    return { kind: 'ingested', key, eventId: event.id };
  }

  private async duplicate(streamId: string, key: string, sha256: string, ctx: IngestContext): Promise<IngestOutcome> {
    const data = { key, sha256, source: ctx.source, ...batch(ctx) };
    const event = newEvent({ type: INSTANCE_DUPLICATED, source: SOURCE, subject: key, data });
    await this.store.append(streamId, [event]);
    return { kind: 'duplicate', key, eventId: event.id };
  }

  /** Keeps the refused bytes under quarantine and records why; a UID conflict joins its instance's stream. */
  private async reject(
    bytes: Uint8Array,
    sha256: string,
    reason: RejectReason,
    ctx: IngestContext,
    at?: { tag?: string; offset?: number },
    instanceKey?: string,
  ): Promise<IngestOutcome> {
    const quarantineKey = blobKey('quarantine', sha256, 'bin');
    await this.blobs.put(quarantineKey, bytes);
    const key = instanceKey ?? this.keys.contentKey(sha256);
    const data: InstanceRejectedData = {
      key, reason, quarantineKey, size: bytes.length, sha256, source: ctx.source, ...batch(ctx), ...(at ? { at } : {}),
    };
    const event = newEvent({ type: INSTANCE_REJECTED, source: SOURCE, subject: key, data });
    await this.store.append(instanceKey ? `instance-${key}` : `rejected-${key}`, [event]);
    return { kind: 'rejected', key, eventId: event.id, reason };
  }
}

const batch = (ctx: IngestContext): { batchId?: string } => (ctx.batchId ? { batchId: ctx.batchId } : {});

function ingestedSha(events: readonly StoredEvent[]): string | undefined {
  for (const { event } of events) if (event.type === INSTANCE_INGESTED) return event.data.sha256;
  return undefined;
}
