import { derivedEventId } from './derived-id';

describe('derivedEventId', () => {
  it('is stable, uuid-shaped and sensitive to every input', () => {
    const a = derivedEventId('0b0e1b4e-2a49-4b9e-9a26-c0a3f1e9d2a1', 'gantry.instance.indexed.v1');
    expect(a).toBe(derivedEventId('0b0e1b4e-2a49-4b9e-9a26-c0a3f1e9d2a1', 'gantry.instance.indexed.v1'));
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(derivedEventId('0b0e1b4e-2a49-4b9e-9a26-c0a3f1e9d2a1', 'gantry.instance.other.v1')).not.toBe(a);
    expect(derivedEventId('0b0e1b4e-2a49-4b9e-9a26-c0a3f1e9d2a1', 'gantry.instance.indexed.v1', 'x')).not.toBe(a);
  });
});
