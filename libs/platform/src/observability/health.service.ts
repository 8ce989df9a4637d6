import { BeforeApplicationShutdown, Inject, Injectable, Optional } from '@nestjs/common';
import { GantryError, isGantryError } from '@gantry/domain';
import { HEALTH_CHECKS, HEALTH_OPTIONS, type HealthCheck, type HealthOptions } from './health-check';

export interface CheckResult {
  status: 'up' | 'down';
  durationMs: number;
  /** A code only (`TIMEOUT`, `BLOB_STORE_UNAVAILABLE`, `ECONNREFUSED`), never a message. */
  error?: string;
}

export interface ReadinessReport {
  status: 'ready' | 'unavailable' | 'shutting-down';
  checks: Record<string, CheckResult>;
}

export class HealthCheckError extends GantryError {}

/**
 * Runs the registered checks in parallel, each with a deadline, for the readiness probe.
 * Once shutdown starts the process reports itself unavailable, so load balancers and
 * orchestrators stop sending work before connections close.
 */
@Injectable()
export class HealthService implements BeforeApplicationShutdown {
  private readonly checks = new Map<string, HealthCheck>();
  private readonly timeoutMs: number;
  private shuttingDown = false;

  constructor(
    @Optional() @Inject(HEALTH_CHECKS) checks: HealthCheck[] | null,
    @Optional() @Inject(HEALTH_OPTIONS) options: HealthOptions | null,
  ) {
    this.timeoutMs = options?.timeoutMs ?? 2_000;
    for (const check of checks ?? []) this.register(check);
  }

  /** Adds a check at run time (e.g. from a module's `onModuleInit`). Names are unique. */
  register(check: HealthCheck): void {
    if (this.checks.has(check.name)) {
      throw new HealthCheckError('HEALTH_CHECK_DUPLICATE', `health check ${check.name} is already registered`);
    }
    this.checks.set(check.name, check);
  }

  beforeApplicationShutdown(): void {
    this.shuttingDown = true;
  }

  async readiness(): Promise<ReadinessReport> {
    const entries = await Promise.all([...this.checks.values()].map(async (c) => [c.name, await this.run(c)] as const));
    const checks = Object.fromEntries(entries);
    if (this.shuttingDown) return { status: 'shutting-down', checks };
    const ready = entries.every(([, r]) => r.status === 'up');
    return { status: ready ? 'ready' : 'unavailable', checks };
  }

  private async run(check: HealthCheck): Promise<CheckResult> {
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new HealthCheckError('TIMEOUT', `${check.name} timed out`)), this.timeoutMs);
    });
    try {
      await Promise.race([Promise.resolve().then(() => check.check()), deadline]);
      return { status: 'up', durationMs: elapsed(started) };
    } catch (e) {
      return { status: 'down', durationMs: elapsed(started), error: codeOf(e) };
    } finally {
      clearTimeout(timer);
    }
  }
}

const elapsed = (started: number): number => Math.round(performance.now() - started);

/** Codes are machine identifiers; messages could carry hosts, paths or worse. */
function codeOf(e: unknown): string {
  if (isGantryError(e)) return e.code;
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(code) ? code : 'ERROR';
}
