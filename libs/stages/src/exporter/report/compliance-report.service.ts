import { Inject, Injectable } from '@nestjs/common';
import { GantryPipelineConfig, OPTION_CODES, PROFILE_OPTIONS } from '@gantry/domain';
import { EventStore, PostgresEventStore, SQL, Sql } from '@gantry/platform';
import { ActiveConfigService } from '../../common';
import { PipelineStatus, StatusService } from '../../status';
import { actionTotals, blockedNow, findingsByRule, heldNow, OutcomeListRow, RuleCount } from './report.queries';

/** What the compliance report states. Codes, keys, counts and tag paths only: no value read from an object. */
export interface ComplianceReport {
  generatedAt: string;
  configuration: {
    version: number;
    hash: string;
    profile: string;
    options: string[];
    overrides: { tag: string; action: string }[];
    customRules: { id: string; action: string; reason: string }[];
    dateShift: { minDays: number; maxDays: number };
    pseudonyms: { patientIdPrefix: string; patientName: string };
    reversible: boolean;
    redaction: { machines: string[]; atRisk: GantryPipelineConfig['redaction']['atRisk'] };
    destinations: { name: string; kind: string }[];
  };
  counts: PipelineStatus;
  findings: { byRule: RuleCount[]; byAction: Record<string, number> };
  held: { key: string; time: string; reason: string; risk: string[]; configVersion: number }[];
  blocked: { key: string; time: string; reasons: string[]; paths: string[]; configVersion: number }[];
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

function configuration(version: number, hash: string, c: GantryPipelineConfig): ComplianceReport['configuration'] {
  return {
    version, hash,
    profile: 'DICOM PS3.15 Annex E Basic Application Level Confidentiality Profile',
    options: PROFILE_OPTIONS.filter((o) => c.deid.options[o]).map((o) => `${OPTION_CODES[o].label} (DCM ${OPTION_CODES[o].value})`),
    overrides: c.deid.overrides.map((o) => ({ tag: typeof o.tag === 'string' ? o.tag : `(${o.tag.group},xx${o.tag.element}) ${o.tag.creator}`, action: o.action })),
    customRules: c.deid.customRules.map((r) => ({ id: r.id, action: r.action, reason: r.reason ?? 'CUSTOM_RULE' })),
    dateShift: { ...c.deid.dateShift },
    pseudonyms: { ...c.deid.pseudonyms },
    reversible: c.deid.recipientCertificate !== undefined,
    redaction: { machines: c.redaction.machines.map((m, i) => m.id ?? `#${i + 1}`), atRisk: c.redaction.atRisk },
    destinations: c.export.destinations.map((d) => ({ name: d.name, kind: d.kind })),
  };
}

const held = (r: OutcomeListRow): ComplianceReport['held'][number] => ({
  key: r.key, time: r.time, reason: String(r.data['reason']), risk: strings(r.data['risk']), configVersion: Number(r.data['configVersion']),
});
const blocked = (r: OutcomeListRow): ComplianceReport['blocked'][number] => ({
  key: r.key, time: r.time, reasons: strings(r.data['reasons']), paths: strings(r.data['paths']), configVersion: Number(r.data['configVersion']),
});

/** The compliance report's content, from the event store (the complete history) and the active configuration. */
@Injectable()
export class ComplianceReportService {
  constructor(
    @Inject(SQL) private readonly sql: Sql,
    private readonly store: EventStore,
    private readonly active: ActiveConfigService,
    private readonly status: StatusService,
  ) {}

  async report(now = new Date()): Promise<ComplianceReport> {
    const schema = (this.store as PostgresEventStore).schema;
    const config = await this.active.active();
    return {
      generatedAt: now.toISOString(),
      configuration: configuration(config.version, config.hash, config.config),
      counts: await this.status.status(),
      findings: { byRule: await findingsByRule(this.sql, schema), byAction: await actionTotals(this.sql, schema) },
      held: (await heldNow(this.sql, schema)).map(held),
      blocked: (await blockedNow(this.sql, schema)).map(blocked),
    };
  }
}
