import { DeidPlan, findingsOf, keywordOf, PlannedAction } from '@gantry/domain';

/** One finding with the element's value: for `gantry scan --details` on the local terminal only. */
export interface ScanDetail {
  /** The scanned file's path, or the instance key of an ingested instance. */
  source: string;
  path: string;
  keyword: string;
  vr: string;
  rule: string;
  action: string;
  reason: string;
  value: string;
}

export interface ScanReport {
  scope: 'files' | 'ingested';
  configVersion: number;
  /** Files found (or ingested instances): scanned + every unreadable one. */
  inputs: number;
  scanned: number;
  unreadable: Record<string, number>;
  pixelAtRisk: number;
  /** Findings (every action but K) by rule id, by tag and by reason code. */
  byRule: Record<string, number>;
  byTag: Record<string, number>;
  byReason: Record<string, number>;
  byAction: Record<string, number>;
  details?: ScanDetail[];
}

const bump = (counts: Record<string, number>, key: string): void => {
  counts[key] = (counts[key] ?? 0) + 1;
};

/** The last tag of a path, '(0010,0010)', with its keyword when the dictionary knows it. */
export function tagLabel(a: Pick<PlannedAction, 'tag'>): string {
  const keyword = keywordOf(a.tag);
  const tag = `(${a.tag.slice(0, 4)},${a.tag.slice(4)})`;
  return keyword === undefined ? tag : `${tag} ${keyword}`;
}

const sorted = (counts: Record<string, number>): Record<string, number> =>
  Object.fromEntries(Object.entries(counts).sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0)));

/** Counts what scanning found: pure bookkeeping, so the report is easy to test. */
export class ScanTally {
  private inputs = 0;
  private scanned = 0;
  private pixelAtRisk = 0;
  private readonly unreadable: Record<string, number> = {};
  private readonly byRule: Record<string, number> = {};
  private readonly byTag: Record<string, number> = {};
  private readonly byReason: Record<string, number> = {};
  private readonly byAction: Record<string, number> = {};
  private readonly details: ScanDetail[] = [];

  constructor(
    private readonly scope: ScanReport['scope'],
    private readonly configVersion: number,
    private readonly withDetails: boolean,
  ) {}

  /** Counts one plan's findings; returns them (for details). */
  addPlan(plan: DeidPlan): PlannedAction[] {
    this.inputs++;
    this.scanned++;
    if (plan.pixelRisk.atRisk) this.pixelAtRisk++;
    const findings = findingsOf(plan);
    for (const f of findings) {
      bump(this.byRule, f.rule);
      bump(this.byTag, tagLabel(f));
      bump(this.byReason, f.reason);
      bump(this.byAction, f.action);
    }
    return findings;
  }

  addUnreadable(code: string): void {
    this.inputs++;
    bump(this.unreadable, code);
  }

  addDetails(details: readonly ScanDetail[]): void {
    if (this.withDetails) this.details.push(...details);
  }

  result(): ScanReport {
    return {
      scope: this.scope,
      configVersion: this.configVersion,
      inputs: this.inputs,
      scanned: this.scanned,
      unreadable: sorted(this.unreadable),
      pixelAtRisk: this.pixelAtRisk,
      byRule: sorted(this.byRule),
      byTag: sorted(this.byTag),
      byReason: sorted(this.byReason),
      byAction: sorted(this.byAction),
      ...(this.withDetails && { details: this.details }),
    };
  }
}
