import { EXPORT_BLOCKED, INSTANCE_EXPORTED, INSTANCE_REDACTED, MESSAGE_DEAD_LETTERED, REDACTION_HELD } from '@gantry/domain';
import { batchOutcomesOf } from './export-outcomes';
import { OutcomeRow } from './export.queries';

const row = (stream: string, type: string, data: OutcomeRow['data'] = {}): OutcomeRow => ({ stream, type, data });

describe('batchOutcomesOf', () => {
  it('counts each ingested instance once, by its latest outcome for the destination', () => {
    const rows = [
      row('a', INSTANCE_REDACTED), row('a', INSTANCE_EXPORTED, { destination: { name: 'out' } }),
      row('b', INSTANCE_REDACTED), row('b', EXPORT_BLOCKED, { reasons: ['KNOWN_VALUE_FOUND', 'IOD_REGRESSION'] }),
      row('c', REDACTION_HELD, { reason: 'NO_MATCHING_RULE' }),
      row('d', REDACTION_HELD, { reason: 'NO_MATCHING_RULE' }), row('d', INSTANCE_REDACTED), row('d', EXPORT_BLOCKED, { reasons: ['PIXEL_RISK_UNRESOLVED'] }), row('d', INSTANCE_EXPORTED, { destination: { name: 'out' } }),
      row('e', INSTANCE_REDACTED), row('e', INSTANCE_EXPORTED, { destination: { name: 'elsewhere' } }),
      row('f', MESSAGE_DEAD_LETTERED, { reason: 'HEADER_UNREADABLE' }),
    ];
    expect(batchOutcomesOf(rows, 7, 'out')).toEqual({
      exported: 2,
      blocked: 1,
      held: 1,
      unaccounted: { NO_OUTCOME: 2, HEADER_UNREADABLE: 1 },
      reasons: { blocked: { KNOWN_VALUE_FOUND: 1, IOD_REGRESSION: 1 }, held: { NO_MATCHING_RULE: 1 } },
    });
  });
});
