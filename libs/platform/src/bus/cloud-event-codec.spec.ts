import { assertValidEvent, dataSchemaUri, INSTANCE_INGESTED } from '@gantry/domain';
import { CE, decodeCloudEvent, encodeCloudEvent, HeaderSource } from './cloud-event-codec';
import { WireFormatError } from './errors';
import { indexedEvent, ingestedEvent } from './test-events.fake';

const without = (source: HeaderSource, name: string): HeaderSource => ({ get: (n) => (n === name ? '' : source.get(n)) });

describe('CloudEvents binary codec', () => {
  it('puts the envelope in ce-* headers and only data in the body', () => {
    const event = ingestedEvent();
    const { headers, body } = encodeCloudEvent(event);
    expect(headers.get(CE.specversion)).toBe('1.0');
    expect(headers.get(CE.id)).toBe(event.id);
    expect(headers.get(CE.type)).toBe(INSTANCE_INGESTED);
    expect(headers.get(CE.dataschema)).toBe(dataSchemaUri(INSTANCE_INGESTED));
    expect(headers.get(CE.msgId)).toBe(event.id);
    expect(headers.get(CE.contentType)).toBe('application/json');
    expect(headers.has(CE.causationId)).toBe(false);
    expect(JSON.parse(Buffer.from(body).toString('utf8'))).toEqual(event.data);
  });

  it('round-trips an event, causation and trace included', () => {
    const cause = ingestedEvent();
    const event = indexedEvent(cause);
    const { headers, body } = encodeCloudEvent(event);
    const decoded = decodeCloudEvent(headers, body);
    expect(decoded).toEqual(event);
    expect(decoded.causationId).toBe(cause.id);
    expect(() => assertValidEvent(decoded)).not.toThrow();
  });

  it('maps an absent causation header back to null', () => {
    const event = ingestedEvent();
    const { headers, body } = encodeCloudEvent(event);
    expect(decodeCloudEvent(headers, body).causationId).toBeNull();
  });

  it('refuses a message without headers or with another spec version', () => {
    const { headers, body } = encodeCloudEvent(ingestedEvent());
    expect(() => decodeCloudEvent(undefined, body)).toThrow(WireFormatError);
    expect(() => decodeCloudEvent(without(headers, CE.specversion), body)).toThrow(/ce-specversion/);
  });

  it('names missing headers without echoing any value', () => {
    const event = ingestedEvent();
    const { headers, body } = encodeCloudEvent(event);
    const error = captured(() => decodeCloudEvent(without(headers, CE.subject), body));
    expect(error).toBeInstanceOf(WireFormatError);
    expect(error.message).toContain('ce-subject');
    expect(error.message).not.toContain(event.id);
  });

  it('refuses a non-JSON body without quoting it', () => {
    const { headers } = encodeCloudEvent(ingestedEvent());
    const error = captured(() => decodeCloudEvent(headers, Buffer.from('DOE^JOHN', 'utf8')));
    expect(error).toBeInstanceOf(WireFormatError);
    expect(error.message).not.toContain('DOE');
    expect(String(error.cause)).not.toContain('DOE');
  });
});

function captured(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw');
}
