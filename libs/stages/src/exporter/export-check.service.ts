import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  BlockReason,
  checkForExport,
  DicomObject,
  GantryEvent,
  GantryPipelineConfig,
  INSTANCE_REDACTED,
  KnownValues,
  knownValuesOf,
  LayoutValues,
  mergeKnownValues,
  parseDicom,
} from '@gantry/domain';
import { BlobNotFoundError, BlobStore, SQL, Sql } from '@gantry/platform';
import { InstanceHistory } from '../common';
import { catalogIdentity, knownValuesOfIdentity } from '../indexer/catalog-identity';
import { layoutValuesOf } from './export-layout';

export type RedactedEvent = GantryEvent<typeof INSTANCE_REDACTED>;

/** The exact bytes that passed the check, and what the destinations need to place them. */
export interface ReadyObject {
  readonly kind: 'ready';
  readonly bytes: Uint8Array;
  readonly sha256: string;
  readonly object: DicomObject;
  readonly layout: LayoutValues;
}

export interface BlockedObject {
  readonly kind: 'blocked';
  readonly reasons: BlockReason[];
  readonly paths: string[];
}

/** What the check compares the output with: the original object, its catalog placement and the patient's values. */
interface CheckContext {
  readonly original: DicomObject;
  readonly known: KnownValues;
  readonly indexed: NonNullable<InstanceHistory['indexed']>;
}

const sha256Of = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

function tryParse(bytes: Uint8Array): DicomObject | null {
  try {
    return parseDicom(bytes);
  } catch {
    return null;
  }
}

/**
 * The exporter's just-in-time check: reads the exact bytes the Redacted event points at,
 * confirms they are the recorded ones, and checks them against the active configuration
 * and the patient's original values (from the catalog and the original header). Values
 * stay in this function's memory; only reason codes and tag paths come out.
 */
@Injectable()
export class ExportCheckService {
  constructor(
    private readonly blobs: BlobStore,
    @Inject(SQL) private readonly sql: Sql,
  ) {}

  /** `history` is the instance's stream as the caller read it (its ingest and index events are used). */
  async prepare(event: RedactedEvent, config: GantryPipelineConfig, history: InstanceHistory): Promise<ReadyObject | BlockedObject> {
    const bytes = await this.bytesOf(event.data.blobKey);
    if (bytes === null) return { kind: 'blocked', reasons: ['INTEGRITY_MISMATCH'], paths: [] };
    const sha256 = sha256Of(bytes);
    const tampered: BlockReason[] = sha256 === event.data.sha256 && bytes.length === event.data.size ? [] : ['INTEGRITY_MISMATCH'];
    const output = tryParse(bytes);
    if (output === null) return { kind: 'blocked', reasons: [...tampered, 'UNREADABLE'], paths: [] };
    const ctx = await this.context(event.data.key, config, history);
    if (ctx === null) return { kind: 'blocked', reasons: [...tampered, 'CATALOG_MISSING'], paths: [] };
    const verdict = checkForExport({ output, original: ctx.original, known: ctx.known, config, redaction: { ruleId: event.data.ruleId } });
    const reasons = [...tampered, ...verdict.reasons];
    if (reasons.length > 0) return { kind: 'blocked', reasons, paths: [...verdict.paths] };
    return { kind: 'ready', bytes, sha256, object: output, layout: layoutValuesOf(output, ctx.indexed, config.deid.pseudonyms.patientIdPrefix) };
  }

  private async bytesOf(blobKey: string): Promise<Uint8Array | null> {
    try {
      return await this.blobs.getBytes(blobKey);
    } catch (e) {
      if (e instanceof BlobNotFoundError) return null;
      throw e;
    }
  }

  /** The original object, its catalog placement and the patient's known values; null when any is missing. */
  private async context(key: string, config: GantryPipelineConfig, history: InstanceHistory): Promise<CheckContext | null> {
    const identity = await catalogIdentity(this.sql, key);
    if (!history.ingested || !history.indexed || identity === null) return null;
    const raw = await this.bytesOf(history.ingested.data.blobKey);
    const original = raw === null ? null : tryParse(raw);
    if (original === null) return null;
    const uids = !config.deid.options.retainUIDs;
    const known = mergeKnownValues(knownValuesOfIdentity(identity, { uids }), knownValuesOf(original.meta, original.dataset, { uids }));
    return { original, known, indexed: history.indexed };
  }
}
