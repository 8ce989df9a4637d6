import { EXPORT_BLOCKED, INSTANCE_EXPORTED, INSTANCE_REDACTED, MESSAGE_DEAD_LETTERED, REDACTION_HELD } from '@gantry/domain';
import { OutcomeRow } from './export.queries';

/** Where the instances of one import batch ended, for one destination. */
export interface BatchOutcomes {
  exported: number;
  blocked: number;
  held: number;
  /** Instances with no outcome: dead-lettered (by code) or never answered (NO_OUTCOME). */
  unaccounted: Record<string, number>;
  reasons: { blocked: Record<string, number>; held: Record<string, number> };
}

interface InstanceState {
  exported: boolean;
  /** The latest of Blocked and Exported-here, and of Held and Redacted. */
  export?: OutcomeRow;
  redaction?: OutcomeRow;
  deadLetter?: string;
}

const bump = (counts: Record<string, number>, code: string): void => {
  counts[code] = (counts[code] ?? 0) + 1;
};

function fold(rows: readonly OutcomeRow[], destination: string): Map<string, InstanceState> {
  const states = new Map<string, InstanceState>();
  for (const row of rows) {
    const s = states.get(row.stream) ?? { exported: false };
    states.set(row.stream, s);
    if (row.type === INSTANCE_EXPORTED && row.data.destination?.name === destination) {
      s.exported = true;
      s.export = row;
    } else if (row.type === EXPORT_BLOCKED) s.export = row;
    else if (row.type === INSTANCE_REDACTED || row.type === REDACTION_HELD) s.redaction = row;
    else if (row.type === MESSAGE_DEAD_LETTERED) s.deadLetter = row.data.reason ?? 'DEAD_LETTER';
  }
  return states;
}

/**
 * Each ingested instance of the batch counts once: exported to the destination, else
 * blocked (its latest export outcome), else held (its latest redaction outcome), else
 * unaccounted. `ingested` is how many instances the batch ingested.
 */
export function batchOutcomesOf(rows: readonly OutcomeRow[], ingested: number, destination: string): BatchOutcomes {
  const out: BatchOutcomes = { exported: 0, blocked: 0, held: 0, unaccounted: {}, reasons: { blocked: {}, held: {} } };
  const states = fold(rows, destination);
  for (const s of states.values()) {
    if (s.exported) out.exported++;
    else if (s.export?.type === EXPORT_BLOCKED) {
      out.blocked++;
      for (const r of s.export.data.reasons ?? []) bump(out.reasons.blocked, r);
    } else if (s.redaction?.type === REDACTION_HELD) {
      out.held++;
      bump(out.reasons.held, s.redaction.data.reason ?? 'UNKNOWN');
    } else bump(out.unaccounted, s.deadLetter ?? 'NO_OUTCOME');
  }
  const silent = ingested - states.size;
  if (silent > 0) out.unaccounted['NO_OUTCOME'] = (out.unaccounted['NO_OUTCOME'] ?? 0) + silent;
  return out;
}
