import { DEFAULT_DELIVERY_POLICY, DeliveryPolicy, GantryConfig } from '@gantry/platform';

/** The bus redelivery policy from the validated config; backoff stays the platform default. */
export const deliveryPolicyOf = (config: GantryConfig): DeliveryPolicy => ({
  ...DEFAULT_DELIVERY_POLICY,
  concurrency: config.delivery.concurrency,
  maxDeliver: config.delivery.maxDeliver,
  ackWaitMs: config.delivery.ackWaitMs,
});
