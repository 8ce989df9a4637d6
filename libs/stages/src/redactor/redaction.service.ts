import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  blobKey,
  HoldReason,
  INSTANCE_REDACTED,
  InstanceRemediatedData,
  KeyRing,
  RedactionHeader,
  redactionHeader,
  REDACTION_HELD,
} from '@gantry/domain';
import { BlobStore } from '@gantry/platform';
import { InstanceHistory, VersionedConfig } from '../common';
import { originalHeader, remediatedObject } from './instance-objects';
import { decideRedaction } from './redaction-decision';
import { RedactionOutcome } from './redaction-outcome';
import { redactObject } from './redact-object';

/**
 * Decides and carries out the redaction of one remediated instance under one configuration
 * version. Pure apart from reading blobs and writing the redacted blob: the caller records
 * the outcome. The same inputs give the same bytes (keyed UID, lossless deterministic
 * encoders), so a retried attempt rewrites an identical blob.
 */
@Injectable()
export class RedactionService {
  constructor(
    private readonly blobs: BlobStore,
    private readonly keys: KeyRing,
  ) {}

  async evaluate(remediated: InstanceRemediatedData, history: InstanceHistory, config: VersionedConfig): Promise<RedactionOutcome> {
    const header = redactionHeader(await originalHeader(this.blobs, history));
    const decision = decideRedaction(config.config.redaction, header);
    const answer = { key: remediated.key, configVersion: config.version };
    // Nothing to paint: the remediated blob is the output, referenced, not copied.
    const pass = (ruleId: string | null, frames: number): RedactionOutcome => ({
      type: INSTANCE_REDACTED,
      data: { ...answer, blobKey: remediated.blobKey, sha256: remediated.sha256, size: remediated.size, ruleId, zones: [], frames },
    });
    if (decision.kind === 'pass') return pass(decision.ruleId, framesOf(header));
    // An object without any pixel data (a report, a presentation state) can show no burned-in text.
    const obj = await remediatedObject(this.blobs, remediated.blobKey);
    if (!PIXEL_ELEMENTS.some((tag) => obj.dataset.has(tag))) return pass(null, 0);
    if (decision.kind === 'hold') return held(answer, decision.reason, decision.risk);
    const attempt = await redactObject(obj, decision.zones, decision.fill, this.keys);
    if (!attempt.ok) return held(answer, attempt.reason, decision.risk);
    return { type: INSTANCE_REDACTED, data: { ...answer, ...(await this.store(attempt.bytes)), ruleId: decision.ruleId, zones: attempt.zones, frames: attempt.frames } };
  }

  /**
   * Content-addressed, as the remediator's randomized output: two attempts under different
   * rule sets (a redelivery racing a release) can never overwrite each other's bytes behind
   * a recorded sha256, and identical attempts write the same blob. A losing attempt's blob
   * is left in place rather than deleted: another attempt may be about to name the very
   * same bytes, and an orphaned redacted copy holds nothing the recorded one does not.
   */
  private async store(bytes: Uint8Array): Promise<{ blobKey: string; sha256: string; size: number }> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const key = blobKey('redacted', sha256);
    await this.blobs.put(key, bytes);
    return { blobKey: key, sha256, size: bytes.length };
  }
}

/** Pixel Data, Float Pixel Data, Double Float Pixel Data: an object with none of them is no image. */
const PIXEL_ELEMENTS = ['7FE00010', '7FE00008', '7FE00009'];

const held = (answer: { key: string; configVersion: number }, reason: HoldReason, risk: readonly string[]): RedactionOutcome => ({
  type: REDACTION_HELD,
  data: { ...answer, reason, risk: [...risk] },
});

/** Frames of an image by its header (Number of Frames, else one); 0 for an object without an image. */
function framesOf(header: RedactionHeader): number {
  if (header.rows === undefined) return 0;
  const n = Number.parseInt(header.attribute?.('NumberOfFrames') ?? '', 10);
  return Number.isInteger(n) && n > 0 ? n : 1;
}
