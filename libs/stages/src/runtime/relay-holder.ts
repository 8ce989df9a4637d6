import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { RelayHandle } from '@gantry/platform';

/**
 * Holds the service's relay so it stops before Nest disposes the transports and closes the
 * event store: its last checkpoint write must still find the store open.
 */
@Injectable()
export class RelayHolder implements BeforeApplicationShutdown {
  handle: RelayHandle | null = null;

  async beforeApplicationShutdown(): Promise<void> {
    const handle = this.handle;
    this.handle = null;
    await handle?.stop();
  }
}
