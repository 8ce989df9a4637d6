import { readFile } from 'node:fs/promises';
import { Injectable } from '@nestjs/common';
import {
  CustomRule,
  DicomObject,
  GantryPipelineConfig,
  INSTANCE_INGESTED,
  isDicomParseError,
  isGantryError,
  parseDicom,
  planDeidentification,
} from '@gantry/domain';
import { BlobNotFoundError, BlobStore, Checkpoint, EventStore } from '@gantry/platform';
import { ActiveConfigService } from '../../common';
import { withCustomRules } from './custom-rules';
import { findingDetails } from './element-values';
import { filesUnder } from '../../common/files-under';
import { ScanReport, ScanTally } from './scan-tally';

export interface ScanOptions {
  /** Extra custom rules (from `--rules`): same id replaces the configuration's rule. */
  rules?: readonly CustomRule[];
  /** Keep each finding's value for the terminal (`--details`). */
  details?: boolean;
}

const sameCheckpoint = (a: Checkpoint, b: Checkpoint | null): boolean =>
  !!b && a.transactionId === b.transactionId && a.globalPosition === b.globalPosition;

/**
 * `gantry scan`: what the inspector would find, counted by rule, tag and reason, over
 * files given on the command line (read directly, never imported) or over every ingested
 * instance (their raw blobs). Nothing is recorded: no event, no log of any value.
 */
@Injectable()
export class ScanService {
  constructor(
    private readonly store: EventStore,
    private readonly blobs: BlobStore,
    private readonly config: ActiveConfigService,
  ) {}

  async scanFiles(paths: readonly string[], options: ScanOptions = {}): Promise<ScanReport> {
    const { tally, config } = await this.start('files', options);
    for await (const file of filesUnder(paths)) {
      let bytes: Uint8Array;
      try {
        bytes = await readFile(file);
      } catch {
        tally.addUnreadable('READ_ERROR');
        continue;
      }
      this.scanBytes(tally, config, file, bytes, options);
    }
    return tally.result();
  }

  async scanIngested(options: ScanOptions = {}): Promise<ScanReport> {
    const { tally, config } = await this.start('ingested', options);
    let after: Checkpoint | null = null;
    for (;;) {
      const batch = await this.store.readAll({ after, limit: 500, types: [INSTANCE_INGESTED] });
      for (const { event } of batch.events) {
        if (event.type !== INSTANCE_INGESTED) continue;
        const bytes = await this.blobs.getBytes(event.data.blobKey).catch((e: unknown) => {
          if (e instanceof BlobNotFoundError) return undefined;
          throw e;
        });
        if (bytes === undefined) tally.addUnreadable('BLOB_MISSING');
        else this.scanBytes(tally, config, event.data.key, bytes, options);
      }
      // A filtered read may match nothing yet still advance; stop only when the position stands still.
      if (!batch.checkpoint || sameCheckpoint(batch.checkpoint, after)) return tally.result();
      after = batch.checkpoint;
    }
  }

  private async start(scope: ScanReport['scope'], options: ScanOptions): Promise<{ tally: ScanTally; config: GantryPipelineConfig }> {
    const active = await this.config.active();
    const config = withCustomRules(active.config, options.rules ?? []);
    return { tally: new ScanTally(scope, active.version, options.details === true), config };
  }

  private scanBytes(tally: ScanTally, config: GantryPipelineConfig, source: string, bytes: Uint8Array, options: ScanOptions): void {
    let obj: DicomObject;
    try {
      obj = parseDicom(bytes);
    } catch (e) {
      tally.addUnreadable(isDicomParseError(e) ? e.code : 'NOT_DICOM');
      return;
    }
    let findings;
    try {
      findings = tally.addPlan(planDeidentification(obj, config));
    } catch (e) {
      tally.addUnreadable(isGantryError(e) ? e.code : 'PLAN_FAILED');
      return;
    }
    if (options.details) tally.addDetails(findingDetails(source, obj, findings));
  }
}
