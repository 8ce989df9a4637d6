import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { CONFIG_CHANGED } from '@gantry/domain';
import {
  EventStore,
  GANTRY_CONFIG,
  GantryLogger,
  isPermanent,
  RetryableError,
  safe,
  StageEvent,
  StructuredLogger,
} from '@gantry/platform';
import type { GantryConfig } from '@gantry/platform';
import { VersionedConfig } from '../common';
import { configOf, latestConfigChange } from './config-events';
import type { ConfigChangedEvent } from './config-events';
import { HeldInstancesService } from './held-instances.service';
import { Reevaluation, ReleaseService } from './release.service';

export const REDACTOR_CONFIG_CONSUMER = 'redactor-config';

/** Held instances re-evaluated at once: overlaps blob reads; the redaction itself is CPU-bound. */
const PARALLEL = 4;

/**
 * On every new configuration, re-evaluates each currently held instance and releases
 * (Redacted, caused by the ConfigChanged) those the new rules cover: nobody re-imports
 * anything. Work is bounded per delivery (half the ack wait): what is left is handed back
 * to the bus as a retry, and the next delivery resumes with the instances not yet
 * re-evaluated under this version. A ConfigChanged superseded by a newer one does
 * nothing: its successor's delivery re-evaluates under the rules in force.
 */
@Controller()
export class RedactorConfigHandler {
  private readonly log: StructuredLogger;
  private readonly budgetMs: number;

  constructor(
    private readonly release: ReleaseService,
    private readonly held: HeldInstancesService,
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(GANTRY_CONFIG) config: GantryConfig,
    logger: GantryLogger,
  ) {
    this.log = logger.forContext('RedactorConfigHandler');
    this.budgetMs = Math.max(1_000, config.delivery.ackWaitMs / 2);
  }

  @StageEvent(CONFIG_CHANGED, REDACTOR_CONFIG_CONSUMER)
  async onConfigChanged(@Payload() event: ConfigChangedEvent): Promise<void> {
    const latest = await latestConfigChange(this.store);
    if (latest?.id !== event.id) {
      this.log.debug('superseded configuration: its successor re-evaluates', { configVersion: event.data.version });
      return;
    }
    const config = configOf(event);
    const keys = await this.held.heldBefore(config.version);
    const deadline = Date.now() + this.budgetMs;
    const tally: Record<Reevaluation | 'failed', number> = { released: 0, held: 0, 'not-held': 0, failed: 0 };
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < keys.length && Date.now() < deadline) {
        const key = keys[next++] as string;
        tally[await this.reevaluate(event, config, key)]++;
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    const remaining = keys.length - next;
    this.log.info('held instances re-evaluated', {
      configVersion: config.version, released: tally.released, stillHeld: tally.held, failed: tally.failed, remaining, cause: safe(event.data.cause),
    });
    if (remaining > 0) throw new RetryableError('RELEASE_CONTINUES', `${remaining} held instances remain to re-evaluate`, 0);
  }

  /**
   * One instance that can never be re-evaluated (its blob gone, say) must not stop the
   * release of the others: it stays held, is logged by key and code, and is looked at
   * again under the next rule set. A transient failure retries the whole delivery.
   */
  private async reevaluate(event: ConfigChangedEvent, config: VersionedConfig, key: string): Promise<Reevaluation | 'failed'> {
    try {
      return await this.release.reevaluate(event, config, key);
    } catch (e) {
      if (!isPermanent(e)) throw e;
      this.log.warn('held instance cannot be re-evaluated', { instance: safe(key), err: e });
      return 'failed';
    }
  }
}
