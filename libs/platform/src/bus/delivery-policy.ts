/** Redelivery policy shared by both transports so embedded and service modes behave alike. */
export interface DeliveryPolicy {
  /** How long a delivery may stay unacknowledged before it is redelivered. */
  ackWaitMs: number;
  /** Deliveries before a message is dead-lettered. */
  maxDeliver: number;
  /** Nak delay per attempt (the last entry repeats). */
  backoffMs: readonly number[];
  /** Messages handled at once per consumer (per replica). */
  concurrency: number;
}

export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = {
  ackWaitMs: 60_000,
  maxDeliver: 5,
  backoffMs: [200, 1_000, 5_000, 15_000],
  concurrency: 8,
};

export const backoffFor = (policy: DeliveryPolicy, deliveryCount: number): number =>
  policy.backoffMs[Math.min(deliveryCount - 1, policy.backoffMs.length - 1)] ?? 1_000;
