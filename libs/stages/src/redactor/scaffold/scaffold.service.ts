import { Inject, Injectable } from '@nestjs/common';
import {
  CTP_LIBRARY,
  isAtRisk,
  isDicomParseError,
  machineMatches,
  matchMachine,
  parseDicom,
  RedactionConfig,
  RedactionHeader,
  redactionHeader,
} from '@gantry/domain';
import { BlobNotFoundError, BlobStore, SQL } from '@gantry/platform';
import type { Sql } from '@gantry/platform';
import { ActiveConfigService } from '../../common';
import { ruleIdOf } from '../redaction-decision';
import { CtpSuggestion, Scaffold, ScaffoldDevice, ScaffoldGeometry, ScaffoldMachine } from './scaffold-types';
import { DeviceImageGroup, deviceImageGroups } from './scaffold.queries';

const groupBy = <T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> =>
  items.reduce((m, t) => m.set(key(t), [...(m.get(key(t)) ?? []), t]), new Map<string, T[]>());

/** What the at-risk policy sees of a group, from the catalog's columns. */
const catalogHeader = (d: ScaffoldDevice, g: DeviceImageGroup): RedactionHeader => ({
  manufacturer: d.manufacturer,
  model: d.model,
  serial: d.serial,
  ...(g.rows !== null && { rows: g.rows }),
  ...(g.columns !== null && { columns: g.columns }),
  modality: g.modality,
  sopClassUid: g.sopClassUid,
  imageType: g.imageType === '' ? [] : g.imageType.split('\\'),
  burnedInAnnotation: g.burnedIn,
});

function ctpSuggestion(header: RedactionHeader): CtpSuggestion | null {
  const rule = matchMachine(CTP_LIBRARY, header);
  if (!rule?.id || rule.zones.length === 0) return null;
  const line = Number(/^ctp-line-(\d+)/.exec(rule.id)?.[1] ?? 0);
  return { ruleId: rule.id, line, zones: rule.zones, ...(rule.match.conditions && { conditions: rule.match.conditions }) };
}

function coveredBy(redaction: RedactionConfig, header: RedactionHeader): string | null {
  const index = redaction.machines.findIndex((r) => machineMatches(r.match, header));
  const rule = redaction.machines[index];
  return rule === undefined ? null : ruleIdOf(rule.id, index);
}

/**
 * The data behind `gantry redaction scaffold`: every machine of the inventory with its
 * image sizes, how many images the active policy flags at risk, the active rule that
 * already covers it, and the zones of CTP's library where one of its signatures matches a
 * sample image (the full original header is read, since signatures look at any attribute).
 */
@Injectable()
export class ScaffoldService {
  constructor(
    @Inject(SQL) private readonly sql: Sql,
    @Inject(BlobStore) private readonly blobs: BlobStore,
    private readonly config: ActiveConfigService,
  ) {}

  async build(devices: readonly ScaffoldDevice[]): Promise<Scaffold> {
    const active = await this.config.active();
    const byDevice = groupBy(await deviceImageGroups(this.sql), (g) => g.deviceKey);
    const machines: ScaffoldMachine[] = [];
    for (const device of devices) machines.push(await this.machine(device, byDevice.get(device.deviceKey) ?? [], active.config.redaction));
    const { source, edition, sha256 } = CTP_LIBRARY;
    return { configVersion: active.version, atRiskPolicy: active.config.redaction.atRisk, library: { source, edition, sha256 }, machines };
  }

  private async machine(device: ScaffoldDevice, groups: readonly DeviceImageGroup[], redaction: RedactionConfig): Promise<ScaffoldMachine> {
    const geometries: ScaffoldGeometry[] = [];
    for (const same of groupBy(groups, (g) => `${g.rows}x${g.columns}`).values()) geometries.push(await this.geometry(device, same, redaction));
    return { ...device, atRisk: geometries.reduce((n, g) => n + g.atRisk, 0), geometries };
  }

  private async geometry(device: ScaffoldDevice, groups: readonly DeviceImageGroup[], redaction: RedactionConfig): Promise<ScaffoldGeometry> {
    const judged = groups.map((g) => ({ g, reasons: isAtRisk(redaction, catalogHeader(device, g)).reasons }));
    const risky = judged.filter((j) => j.reasons.length > 0);
    const first = groups[0] as DeviceImageGroup;
    // The sample: the largest at-risk group (the images a rule is needed for), else the largest.
    const sample = [...(risky.length > 0 ? risky.map((j) => j.g) : groups)].sort((a, b) => b.instances - a.instances)[0] as DeviceImageGroup;
    const header = (await this.sampleHeader(sample.sampleBlob)) ?? catalogHeader(device, sample);
    return {
      rows: first.rows,
      columns: first.columns,
      instances: groups.reduce((n, g) => n + g.instances, 0),
      atRisk: risky.reduce((n, j) => n + j.g.instances, 0),
      riskReasons: [...new Set(risky.flatMap((j) => j.reasons))].sort(),
      suggestion: ctpSuggestion(header),
      coveredBy: coveredBy(redaction, header),
    };
  }

  /** The sample's original header; null when its blob is gone or unreadable (the catalog's columns stand in). */
  private async sampleHeader(blob: string): Promise<RedactionHeader | null> {
    try {
      return redactionHeader(parseDicom(await this.blobs.getBytes(blob), { untilPixelData: true }));
    } catch (e) {
      if (e instanceof BlobNotFoundError || isDicomParseError(e)) return null;
      throw e;
    }
  }
}
