import { Inject, Injectable } from '@nestjs/common';
import { EventStore, PostgresEventStore, SQL } from '@gantry/platform';
import type { Sql } from '@gantry/platform';
import { heldBefore, heldCount } from './held-instances.queries';

/** Which instances the redactor holds now, from the event store (the latest outcome per instance). */
@Injectable()
export class HeldInstancesService {
  constructor(
    @Inject(SQL) private readonly sql: Sql,
    @Inject(EventStore) private readonly store: EventStore,
  ) {}

  private get schema(): string {
    return (this.store as PostgresEventStore).schema;
  }

  /** Held instances last decided under a version older than `version`. */
  heldBefore(version: number): Promise<string[]> {
    return heldBefore(this.sql, this.schema, version);
  }

  count(): Promise<number> {
    return heldCount(this.sql, this.schema);
  }
}
