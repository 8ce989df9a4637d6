import { GantryError } from '@gantry/domain';

/**
 * The only label names any Gantry metric may have. A label per instance, study, AE title
 * or error message would multiply series without bound and could carry patient data into
 * a monitoring system that is not allowed to hold it.
 */
export const METRIC_LABELS = ['stage', 'outcome'] as const;
export type MetricLabel = (typeof METRIC_LABELS)[number];

/** Label values are short identifiers chosen by code (`inspect`, `ack`, `PHI_FOUND`), never data. */
const LABEL_VALUE = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
const METRIC_NAME = /^gantry_[a-z][a-z0-9_]*$/;

export class MetricLabelError extends GantryError {}

export function assertMetricName(name: string): void {
  if (!METRIC_NAME.test(name)) {
    throw new MetricLabelError('METRIC_NAME_INVALID', `metric ${name} must match ${String(METRIC_NAME)}`);
  }
}

export function assertMetricLabelNames(metric: string, names: readonly string[]): asserts names is readonly MetricLabel[] {
  const refused = names.filter((n) => !(METRIC_LABELS as readonly string[]).includes(n));
  if (refused.length > 0) {
    throw new MetricLabelError(
      'METRIC_LABEL_REFUSED',
      `metric ${metric} may only use labels ${METRIC_LABELS.join(', ')}; refused: ${refused.join(', ')}`,
    );
  }
}

/** Checks values against the identifier pattern; the refused value itself is not echoed. */
export function assertMetricLabelValues(metric: string, labels: Readonly<Record<string, string>>): void {
  assertMetricLabelNames(metric, Object.keys(labels));
  for (const [name, value] of Object.entries(labels)) {
    if (!LABEL_VALUE.test(value)) {
      throw new MetricLabelError(
        'METRIC_LABEL_VALUE_INVALID',
        `metric ${metric} label ${name} must be a short identifier (${String(LABEL_VALUE)})`,
      );
    }
  }
}
