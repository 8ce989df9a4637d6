import { join } from 'node:path';
import { loadContract } from './contract';
import { EventValidator } from './event-validator';

const contracts = loadContract(join(__dirname, '../../../contracts/asyncapi.yaml'));
const validator = new EventValidator(contracts.values());

const headers = (type: string): Record<string, string> => ({
  'ce-specversion': '1.0',
  'ce-id': '2f1b6c1e-8a4e-4c1e-9f7a-0d1c2b3a4e5f',
  'ce-type': type,
  'ce-source': 'gantry/exporter',
  'ce-time': '2025-01-01T00:00:00.000Z',
  'ce-subject': 'a'.repeat(32),
  'ce-dataschema': `https://schemas.gantry.dev/events/${type}.json`,
  'ce-correlationid': '2f1b6c1e-8a4e-4c1e-9f7a-0d1c2b3a4e5f',
  traceparent: `00-${'1'.repeat(32)}-${'2'.repeat(16)}-01`,
  'content-type': 'application/json',
  'Nats-Msg-Id': '2f1b6c1e-8a4e-4c1e-9f7a-0d1c2b3a4e5f',
});

const blocked = { key: 'a'.repeat(32), configVersion: 2, reasons: ['KNOWN_VALUE_FOUND'], paths: ['(0010,0010)'] };

describe('the example subscriber’s contract handling (published document only)', () => {
  it('reads every event type and its subject from the AsyncAPI document', () => {
    expect(contracts.get('gantry.instance.export-blocked.v1')?.address).toBe('{prefix}.instance.export-blocked.v1');
    expect(contracts.get('gantry.instance.exported.v1')?.address).toBe('{prefix}.instance.exported.v1');
    expect(contracts.size).toBeGreaterThanOrEqual(14);
  });

  it('accepts a conforming message and names, without values, what is wrong with others', () => {
    const type = 'gantry.instance.export-blocked.v1';
    expect(validator.validate(type, headers(type), blocked)).toEqual({ valid: true, problems: [] });
    const verdict = validator.validate(type, { ...headers(type), 'ce-type': 'gantry.instance.exported.v1' }, { ...blocked, note: 'DOE^JANE' });
    expect(verdict.valid).toBe(false);
    expect(verdict.problems).toEqual(['headers/ce-type must be equal to constant', 'data/ must NOT have additional properties']);
    expect(JSON.stringify(verdict)).not.toContain('DOE');
  });
});
