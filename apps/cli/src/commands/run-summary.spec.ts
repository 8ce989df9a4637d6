import { assertRunOutcome, runSummary, StrictFindingsError, UnaccountedInputsError } from './run-summary';

const imported = { batchId: 'b', filesFound: 10, done: 10, ingested: 7, rejected: 2, duplicates: 1, reasons: { NOT_DICOM: 2 } };
const outcomes = { exported: 5, blocked: 1, held: 1, unaccounted: {}, reasons: { blocked: { KNOWN_VALUE_FOUND: 1 }, held: { NO_MATCHING_RULE: 1 } } };

describe('the run summary', () => {
  it('has exactly the documented keys and rates files per second', () => {
    const s = runSummary(imported, outcomes, 4);
    expect(s).toEqual({
      ingested: 7, rejected: 2, duplicates: 1, exported: 5, blocked: 1, held: 1, seconds: 4, filesPerSecond: 2.5,
      reasons: { rejected: { NOT_DICOM: 2 }, blocked: { KNOWN_VALUE_FOUND: 1 }, held: { NO_MATCHING_RULE: 1 }, unaccounted: {} },
    });
  });

  it('exits 0 when every input is accounted for, 1 when not, and 1 under --strict on any finding', () => {
    expect(() => assertRunOutcome(runSummary(imported, outcomes, 1), false)).not.toThrow();
    expect(() => assertRunOutcome(runSummary(imported, outcomes, 1), true)).toThrow(StrictFindingsError);
    const lost = runSummary(imported, { ...outcomes, unaccounted: { NO_OUTCOME: 1 } }, 1);
    expect(() => assertRunOutcome(lost, false)).toThrow(UnaccountedInputsError);
    const clean = runSummary({ ...imported, rejected: 0, reasons: {} }, { ...outcomes, blocked: 0, held: 0 }, 1);
    expect(() => assertRunOutcome(clean, true)).not.toThrow();
  });
});
