import { Injectable } from '@nestjs/common';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { GuardedCounter, GuardedGauge, GuardedHistogram, MetricDefinition } from './guarded-metrics';
import { MetricLabel } from './metric-labels';

/** Handler durations: DICOM handlers run from milliseconds (index) to tens of seconds (redact). */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/**
 * Owns the process's Prometheus registry: default process metrics plus Gantry's metrics,
 * all declared here so names, help and labels (only `stage` and `outcome`) stay consistent
 * across services. One instance per process; the embedded mode shares it across stages.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly processed = new GuardedCounter(this.registry, {
    name: 'gantry_messages_processed_total',
    help: 'Messages a stage handler has finished, by outcome.',
    labelNames: ['stage', 'outcome'],
  });
  private readonly failed = new GuardedCounter(this.registry, {
    name: 'gantry_messages_failed_total',
    help: 'Handler failures, by what happened next (retry, dead-letter, ...).',
    labelNames: ['stage', 'outcome'],
  });
  private readonly duration = new GuardedHistogram(this.registry, {
    name: 'gantry_handler_duration_seconds',
    help: 'Time a stage handler took for one message.',
    labelNames: ['stage'],
    buckets: DURATION_BUCKETS,
  });
  private readonly inFlight = new GuardedGauge(this.registry, {
    name: 'gantry_in_flight',
    help: 'Messages being handled right now.',
    labelNames: ['stage'],
  });
  private readonly relayLag = new GuardedGauge(this.registry, {
    name: 'gantry_relay_lag_events',
    help: 'Events in the store not yet published to the bus.',
    labelNames: [],
  });
  private readonly consumerLag = new GuardedGauge(this.registry, {
    name: 'gantry_consumer_lag_messages',
    help: "Messages waiting for a stage's consumer.",
    labelNames: ['stage'],
  });
  private readonly held = new GuardedCounter(this.registry, {
    name: 'gantry_held_total',
    help: 'Instances held for human review.',
    labelNames: ['stage'],
  });
  private readonly blocked = new GuardedCounter(this.registry, {
    name: 'gantry_blocked_total',
    help: 'Exports blocked by the final re-check.',
    labelNames: ['stage'],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The exposition text served on `/metrics`. */
  metrics(): Promise<string> {
    return this.registry.metrics();
  }

  recordProcessed(stage: string, outcome: string): void {
    this.processed.inc({ stage, outcome });
  }

  recordFailed(stage: string, outcome: string): void {
    this.failed.inc({ stage, outcome });
  }

  observeHandlerDuration(stage: string, seconds: number): void {
    this.duration.observe({ stage }, seconds);
  }

  /** Counts a message in flight and times it; call the result once, when it is done. */
  startHandler(stage: string): () => void {
    const stopTimer = this.duration.startTimer({ stage });
    this.inFlight.inc({ stage });
    let done = false;
    return () => {
      if (done) return;
      done = true;
      stopTimer();
      this.inFlight.dec({ stage });
    };
  }

  /** Adjusts the in-flight gauge directly, for transports that count deliveries themselves. */
  addInFlight(stage: string, delta: number): void {
    if (delta >= 0) this.inFlight.inc({ stage }, delta);
    else this.inFlight.dec({ stage }, -delta);
  }

  setRelayLag(events: number): void {
    this.relayLag.set({}, events);
  }

  setConsumerLag(stage: string, messages: number): void {
    this.consumerLag.set({ stage }, messages);
  }

  recordHeld(stage: string, count = 1): void {
    this.held.inc({ stage }, count);
  }

  recordBlocked(stage: string, count = 1): void {
    this.blocked.inc({ stage }, count);
  }

  /** Further metrics for one app, under the same label rule. */
  counter<L extends MetricLabel>(def: MetricDefinition<L>): GuardedCounter<L> {
    return new GuardedCounter(this.registry, def);
  }

  gauge<L extends MetricLabel>(def: MetricDefinition<L>): GuardedGauge<L> {
    return new GuardedGauge(this.registry, def);
  }

  histogram<L extends MetricLabel>(def: MetricDefinition<L> & { buckets: readonly number[] }): GuardedHistogram<L> {
    return new GuardedHistogram(this.registry, def);
  }
}
