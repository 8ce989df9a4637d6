/**
 * One dependency a process needs to do its work (Postgres, NATS, the blob store). `check`
 * resolves when the dependency answers and rejects otherwise; it must be cheap, as it runs
 * on every readiness probe, and it is cut off after the module's timeout.
 */
export interface HealthCheck {
  /** Short identifier shown in the readiness report (`postgres`, `nats`, `blobs`). */
  readonly name: string;
  check(): Promise<void>;
}

/** Token of the `HealthCheck[]` an app provides (see `HealthModule.forRoot`). */
export const HEALTH_CHECKS = 'GANTRY_HEALTH_CHECKS';
export const HEALTH_OPTIONS = 'GANTRY_HEALTH_OPTIONS';

export interface HealthOptions {
  /** Per check. Default 2000 ms: probes usually time out at a few seconds. */
  timeoutMs: number;
}

/** A check from a name and a function, for dependencies that have no adapter of their own. */
export const healthCheck = (name: string, check: () => Promise<void>): HealthCheck => ({ name, check });
