import { Registry } from 'prom-client';
import { GuardedCounter, MetricDefinition } from './guarded-metrics';
import { MetricLabel } from './metric-labels';
import { MetricsService } from './metrics.service';

describe('metric label guard', () => {
  const registry = new Registry();

  it('refuses label names other than stage and outcome, even through a cast', () => {
    const def = { name: 'gantry_test_total', help: 'h', labelNames: ['stage', 'patient_id'] } as unknown as MetricDefinition<MetricLabel>;
    expect(() => new GuardedCounter(registry, def)).toThrow(
      expect.objectContaining({ code: 'METRIC_LABEL_REFUSED', message: expect.stringContaining('refused: patient_id') as unknown }),
    );
  });

  it('refuses names outside the gantry_ namespace', () => {
    expect(() => new GuardedCounter(registry, { name: 'messages_total', help: 'h', labelNames: [] })).toThrow(
      expect.objectContaining({ code: 'METRIC_NAME_INVALID' }),
    );
  });

  it('refuses label values that are not short identifiers, without echoing them', () => {
    const counter = new GuardedCounter(registry, { name: 'gantry_guard_total', help: 'h', labelNames: ['stage', 'outcome'] });
    expect(() => counter.inc({ stage: 'inspect', outcome: 'DOE^JANE' })).toThrow(
      expect.objectContaining({ code: 'METRIC_LABEL_VALUE_INVALID', message: expect.not.stringContaining('DOE') as unknown }),
    );
    expect(() => counter.inc({ stage: 'inspect', outcome: 'PHI_FOUND' })).not.toThrow();
    expect(() => counter.inc({ stage: 'inspect', outcome: 'ack', patient: 'x' } as never)).toThrow(
      expect.objectContaining({ code: 'METRIC_LABEL_REFUSED' }),
    );
  });
});

describe('MetricsService', () => {
  it('records the pipeline metrics with only stage/outcome labels', async () => {
    const metrics = new MetricsService();
    metrics.recordProcessed('inspect', 'ack');
    metrics.recordProcessed('inspect', 'ack');
    metrics.recordFailed('redact', 'retry');
    const done = metrics.startHandler('index');
    done();
    done();
    metrics.setRelayLag(4);
    metrics.setConsumerLag('export', 7);
    metrics.recordHeld('redact');
    metrics.recordBlocked('export', 2);
    const text = await metrics.metrics();
    expect(text).toContain('gantry_messages_processed_total{stage="inspect",outcome="ack"} 2');
    expect(text).toContain('gantry_messages_failed_total{stage="redact",outcome="retry"} 1');
    expect(text).toContain('gantry_handler_duration_seconds_count{stage="index"} 1');
    expect(text).toContain('gantry_in_flight{stage="index"} 0');
    expect(text).toContain('gantry_relay_lag_events 4');
    expect(text).toContain('gantry_consumer_lag_messages{stage="export"} 7');
    expect(text).toContain('gantry_held_total{stage="redact"} 1');
    expect(text).toContain('gantry_blocked_total{stage="export"} 2');
    expect(text).toContain('process_cpu_seconds_total');
    const labelNames = new Set([...text.matchAll(/^gantry_\w+\{([^}]*)\}/gm)].flatMap((m) => (m[1] ?? '').split(',').map((kv) => kv.split('=')[0])));
    expect([...labelNames].sort()).toEqual(['le', 'outcome', 'stage']);
  });

  it('keeps each instance in its own registry', async () => {
    const a = new MetricsService();
    const b = new MetricsService();
    a.recordHeld('redact');
    expect(await b.metrics()).not.toContain('gantry_held_total{stage="redact"}');
  });
});
