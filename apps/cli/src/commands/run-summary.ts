import { GantryError } from '@gantry/domain';
import { BatchOutcomes, ImportSummary } from '@gantry/stages';
import { printJson, printLines } from '../output';

/** `gantry run --json`: exactly these keys. */
export interface RunSummary {
  ingested: number;
  rejected: number;
  duplicates: number;
  exported: number;
  blocked: number;
  held: number;
  seconds: number;
  filesPerSecond: number;
  reasons: {
    rejected: Record<string, number>;
    blocked: Record<string, number>;
    held: Record<string, number>;
    /** Ingested instances without an outcome: dead-letter codes, or NO_OUTCOME. */
    unaccounted: Record<string, number>;
  };
}

/** Some ingested instance has no outcome (dead-lettered, or never answered): exit 1. */
export class UnaccountedInputsError extends GantryError {
  constructor(count: number) {
    super('INPUTS_UNACCOUNTED', `${count} ingested instance(s) have no outcome: see reasons.unaccounted, \`gantry status\` and \`gantry audit\``);
  }
}

/** `--strict`: something was rejected, blocked or held: exit 1. */
export class StrictFindingsError extends GantryError {
  constructor(count: number) {
    super('STRICT', `${count} input(s) were rejected, blocked or held`);
  }
}

export function runSummary(imported: ImportSummary, outcomes: BatchOutcomes, seconds: number): RunSummary {
  return {
    ingested: imported.ingested,
    rejected: imported.rejected,
    duplicates: imported.duplicates,
    exported: outcomes.exported,
    blocked: outcomes.blocked,
    held: outcomes.held,
    seconds: Math.round(seconds * 1000) / 1000,
    filesPerSecond: seconds > 0 ? Math.round((imported.filesFound / seconds) * 10) / 10 : 0,
    reasons: { rejected: { ...imported.reasons }, blocked: outcomes.reasons.blocked, held: outcomes.reasons.held, unaccounted: outcomes.unaccounted },
  };
}

const list = (counts: Record<string, number>): string => Object.entries(counts).map(([k, n]) => `${k} ${n}`).join(', ');

export function printRunSummary(s: RunSummary, json: boolean, where: string): void {
  if (json) {
    printJson(s);
    return;
  }
  const files = s.ingested + s.rejected + s.duplicates;
  printLines([
    `${files} files in ${s.seconds.toFixed(1)} s (${s.filesPerSecond} files/s)`,
    `  ingested ${s.ingested}, rejected ${s.rejected}, duplicates ${s.duplicates}`,
    `  exported ${s.exported}, blocked ${s.blocked}, held ${s.held}`,
    ...Object.entries(s.reasons)
      .filter(([, counts]) => Object.keys(counts).length > 0)
      .map(([outcome, counts]) => `  ${outcome}: ${list(counts)}`),
    `  output: ${where}`,
  ]);
}

/** Exit 1 when not every input is accounted for, or (strict) when any was rejected, blocked or held. */
export function assertRunOutcome(s: RunSummary, strict: boolean): void {
  const unaccounted = Object.values(s.reasons.unaccounted).reduce((a, b) => a + b, 0);
  if (unaccounted > 0) throw new UnaccountedInputsError(unaccounted);
  const findings = s.rejected + s.blocked + s.held;
  if (strict && findings > 0) throw new StrictFindingsError(findings);
}
