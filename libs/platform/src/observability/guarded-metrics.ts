import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { MetricLabel, assertMetricLabelNames, assertMetricLabelValues, assertMetricName } from './metric-labels';

export interface MetricDefinition<L extends MetricLabel> {
  name: string;
  help: string;
  labelNames: readonly L[];
}

export type Labels<L extends MetricLabel> = Readonly<Record<L, string>>;

function checked<L extends MetricLabel>(def: MetricDefinition<L>): { name: string; help: string; labelNames: L[] } {
  assertMetricName(def.name);
  // Checked at run time too: a cast or plain JavaScript must not get around the label rule.
  assertMetricLabelNames(def.name, def.labelNames);
  return { name: def.name, help: def.help, labelNames: [...def.labelNames] };
}

/** A counter that accepts only `stage`/`outcome` labels with identifier values. */
export class GuardedCounter<L extends MetricLabel> {
  readonly name: string;
  private readonly metric: Counter<L>;

  constructor(registry: Registry, def: MetricDefinition<L>) {
    this.name = def.name;
    this.metric = new Counter({ ...checked(def), registers: [registry] });
  }

  inc(labels: Labels<L>, value = 1): void {
    assertMetricLabelValues(this.name, labels);
    this.metric.inc(labels, value);
  }
}

export class GuardedGauge<L extends MetricLabel> {
  readonly name: string;
  private readonly metric: Gauge<L>;

  constructor(registry: Registry, def: MetricDefinition<L>) {
    this.name = def.name;
    this.metric = new Gauge({ ...checked(def), registers: [registry] });
  }

  set(labels: Labels<L>, value: number): void {
    assertMetricLabelValues(this.name, labels);
    this.metric.set(labels, value);
  }

  inc(labels: Labels<L>, value = 1): void {
    assertMetricLabelValues(this.name, labels);
    this.metric.inc(labels, value);
  }

  dec(labels: Labels<L>, value = 1): void {
    assertMetricLabelValues(this.name, labels);
    this.metric.dec(labels, value);
  }
}

export class GuardedHistogram<L extends MetricLabel> {
  readonly name: string;
  private readonly metric: Histogram<L>;

  constructor(registry: Registry, def: MetricDefinition<L> & { buckets: readonly number[] }) {
    this.name = def.name;
    this.metric = new Histogram({ ...checked(def), buckets: [...def.buckets], registers: [registry] });
  }

  observe(labels: Labels<L>, seconds: number): void {
    assertMetricLabelValues(this.name, labels);
    this.metric.observe(labels, seconds);
  }

  /** Starts a timer; calling the result records the elapsed seconds and returns them. */
  startTimer(labels: Labels<L>): () => number {
    assertMetricLabelValues(this.name, labels);
    return this.metric.startTimer(labels);
  }
}
