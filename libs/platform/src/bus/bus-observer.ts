/** How one delivery ended, as a metric label. */
export type ProcessedOutcome = 'ack' | 'retry' | 'dead_letter';

/**
 * Observability hooks of the bus. The transports and the relay call them synchronously
 * on their hot paths, so implementations must be cheap and must not throw (a prom-client
 * counter or gauge update is the intended shape). Labels are consumer names and outcome
 * codes only: never event data.
 */
export interface BusObserver {
  /** One delivery finished: the handler settled (or timed out) and the outcome was applied. */
  processed(consumer: string, outcome: ProcessedOutcome, seconds: number): void;
  /** Deliveries currently running a handler: +1 when one starts, -1 when it ends. */
  inFlight(consumer: string, delta: number): void;
  /** Messages the consumer still has to acknowledge (pending + unacknowledged). */
  lag(consumer: string, messages: number): void;
  /** Store events the relay knows to be not yet published. */
  relayLag(events: number): void;
}

export const NOOP_BUS_OBSERVER: BusObserver = {
  processed: () => undefined,
  inFlight: () => undefined,
  lag: () => undefined,
  relayLag: () => undefined,
};
