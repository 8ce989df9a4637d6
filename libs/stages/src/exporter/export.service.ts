import { Injectable } from '@nestjs/common';
import {
  EXPORT_BLOCKED,
  ExportDestination,
  INSTANCE_EXPORTED,
  LayoutValues,
  newEvent,
  renderLayout,
  assertRelativeLocation,
} from '@gantry/domain';
import { EventStore, GantryLogger, MetricsService, safe, StructuredLogger } from '@gantry/platform';
import { ActiveConfigService, instanceHistory, instanceStream, outputId, VersionedConfig } from '../common';
import { TargetRegistry } from './destinations/target-registry.service';
import { BlockedObject, ExportCheckService, ReadyObject, RedactedEvent } from './export-check.service';
import { ManifestService } from './manifest.service';

export type ExportOutcome =
  | { kind: 'no-destination' }
  | { kind: 'already-exported' }
  | { kind: 'blocked'; reasons: readonly string[] }
  | { kind: 'exported'; destinations: readonly string[] };

const SOURCE = 'gantry/exporter';
const EXPORTER_STAGE = 'exporter';

/** Where an object goes: the layout under a folder or bucket; the UIDs alone for a remote SCP or server. */
function locationFor(d: ExportDestination, layout: LayoutValues): string {
  if (d.kind === 'folder' || d.kind === 's3') return renderLayout(d.layout, layout);
  const location = `${layout.study}/${layout.series}/${layout.instance}`;
  assertRelativeLocation(location);
  return location;
}

/**
 * Exports redacted instances: the just-in-time check of the exact bytes, then one write
 * and one Exported event per destination, or one ExportBlocked event and nothing
 * written. Idempotent per (Redacted event, destination): an answered destination is
 * skipped, so a redelivery writes only where the previous attempt did not finish.
 */
@Injectable()
export class ExportService {
  private readonly log: StructuredLogger;

  constructor(
    private readonly check: ExportCheckService,
    private readonly store: EventStore,
    private readonly targets: TargetRegistry,
    private readonly active: ActiveConfigService,
    private readonly manifests: ManifestService,
    private readonly metrics: MetricsService,
    logger: GantryLogger,
  ) {
    this.log = logger.forContext('ExportService');
  }

  /** Exports to `destinations`, by default the active configuration's. */
  async export(event: RedactedEvent, destinations?: readonly ExportDestination[]): Promise<ExportOutcome> {
    const config = await this.active.active();
    const all = destinations ?? config.config.export.destinations;
    if (all.length === 0) return { kind: 'no-destination' };
    // One read of the instance's stream answers both what was exported already and what the check needs.
    const history = await instanceHistory(this.store, event.data.key);
    const answered = new Set(history.exported.map((e) => e.id));
    const pending = all.filter((d) => !answered.has(outputId(event, INSTANCE_EXPORTED, d.name)));
    if (pending.length === 0) return { kind: 'already-exported' };
    const prepared = await this.check.prepare(event, config.config, history);
    if (prepared.kind === 'blocked') return this.block(event, prepared, config);
    for (const d of pending) await this.write(event, prepared, d, config);
    return { kind: 'exported', destinations: pending.map((d) => d.name) };
  }

  private async write(event: RedactedEvent, ready: ReadyObject, d: ExportDestination, config: VersionedConfig): Promise<void> {
    const ds = ready.object.dataset;
    const result = await this.targets.targetFor(d).write({
      key: event.data.key,
      bytes: ready.bytes,
      sha256: ready.sha256,
      location: locationFor(d, ready.layout),
      sopClassUid: ds.string('SOPClassUID') ?? '',
      sopInstanceUid: ds.string('SOPInstanceUID') ?? '',
      transferSyntaxUid: ready.object.transferSyntaxUid,
    });
    const exported = newEvent({
      id: outputId(event, INSTANCE_EXPORTED, d.name),
      type: INSTANCE_EXPORTED,
      source: SOURCE,
      subject: event.subject,
      causedBy: event,
      data: {
        key: event.data.key, destination: { name: d.name, kind: d.kind }, sha256: ready.sha256, size: ready.bytes.length,
        configVersion: config.version, location: result.location,
      },
    });
    await this.store.append(instanceStream(event.data.key), [exported], { expectedVersion: 'any' });
    if (d.kind === 'folder') this.manifests.schedule(d);
    this.log.debug('instance exported', { instance: safe(event.data.key), destination: safe(d.name), bytes: ready.bytes.length });
  }

  /** One block per (Redacted event, configuration version): a later configuration re-decides. */
  private async block(event: RedactedEvent, blocked: BlockedObject, config: VersionedConfig): Promise<ExportOutcome> {
    const e = newEvent({
      id: outputId(event, EXPORT_BLOCKED, `v${config.version}`),
      type: EXPORT_BLOCKED,
      source: SOURCE,
      subject: event.subject,
      causedBy: event,
      data: { key: event.data.key, configVersion: config.version, reasons: blocked.reasons, paths: blocked.paths },
    });
    const appended = await this.store.append(instanceStream(event.data.key), [e], { expectedVersion: 'any' });
    // Counted once per block: a redelivery finds the same deterministic id already stored.
    if (!appended.duplicate) this.metrics.recordBlocked(EXPORTER_STAGE);
    this.log.warn('export blocked', { instance: safe(event.data.key), reasons: safe(blocked.reasons), paths: blocked.paths.length });
    return { kind: 'blocked', reasons: blocked.reasons };
  }
}
