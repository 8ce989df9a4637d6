import { BusObserver, ProcessedOutcome } from '../bus/bus-observer';
import { MetricsService } from './metrics.service';

/**
 * Feeds bus events into the Prometheus metrics. Consumer names are stage names
 * (`indexer`, …), so they are valid `stage` label values; outcomes are a closed set.
 */
export function metricsBusObserver(metrics: MetricsService): BusObserver {
  return {
    processed(consumer: string, outcome: ProcessedOutcome, seconds: number): void {
      metrics.recordProcessed(consumer, outcome);
      if (outcome !== 'ack') metrics.recordFailed(consumer, outcome);
      metrics.observeHandlerDuration(consumer, seconds);
    },
    inFlight: (consumer, delta) => metrics.addInFlight(consumer, delta),
    lag: (consumer, messages) => metrics.setConsumerLag(consumer, messages),
    relayLag: (events) => metrics.setRelayLag(events),
  };
}
