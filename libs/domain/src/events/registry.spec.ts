import { randomUUID } from 'node:crypto';
import { newEvent } from './envelope';
import { INSTANCE_INGESTED, InstanceIngestedData } from './instance-ingest.events';
import { assertValidEvent, InvalidEventError } from './registry';

const data = (over: Partial<InstanceIngestedData> = {}): InstanceIngestedData => ({
  key: 'a'.repeat(32),
  blobKey: `raw/aa/${'a'.repeat(32)}.dcm`,
  sopClassUid: '1.2.840.10008.5.1.4.1.1.2',
  transferSyntaxUid: '1.2.840.10008.1.2.1',
  size: 10,
  sha256: 'b'.repeat(64),
  source: 'file',
  ...over,
});

const event = (d: unknown) =>
  newEvent({ type: INSTANCE_INGESTED, source: 'gantry/ingest', subject: 'a'.repeat(32), data: d });

describe('event registry', () => {
  it('accepts a valid InstanceIngested', () => {
    expect(() => assertValidEvent(event(data({ batchId: randomUUID() })))).not.toThrow();
  });

  it('refuses an extra property, so no value can ride along', () => {
    const bad = { ...data(), patientName: 'DOE^JOHN' };
    expect(() => assertValidEvent(event(bad))).toThrow(InvalidEventError);
  });

  it('refuses a UID-shaped blob key and names the pointer without echoing the value', () => {
    try {
      assertValidEvent(event(data({ blobKey: 'raw/1.2.3.4.dcm' })));
      throw new Error('expected a schema failure');
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidEventError);
      expect((e as Error).message).toContain('/blobKey');
      expect((e as Error).message).not.toContain('1.2.3.4');
    }
  });

  it('refuses an unknown type', () => {
    const e = { ...event(data()), type: 'gantry.instance.unknown.v1' };
    expect(() => assertValidEvent(e)).toThrow(/violates its schema/);
  });

  it('inherits correlation and trace from the causing event', () => {
    const first = event(data());
    const next = newEvent({ type: INSTANCE_INGESTED, source: 'gantry/ingest', subject: 'x', data: {}, causedBy: first });
    expect(next.correlationId).toBe(first.correlationId);
    expect(next.causationId).toBe(first.id);
    expect(next.traceparent.split('-')[1]).toBe(first.traceparent.split('-')[1]);
    expect(next.traceparent.split('-')[2]).not.toBe(first.traceparent.split('-')[2]);
  });
});
