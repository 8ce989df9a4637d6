import { AddressInfo } from 'node:net';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { log as dimseLog, Server } from 'dcmjs-dimse';
import { IngestService } from './ingest.service';
import { INGEST_OPTIONS, IngestOptions } from './ingest.options';
import { storeScpClass } from './store-scp';

/** Runs the DICOM C-STORE SCP when a port is configured (0 picks a free port). */
@Injectable()
export class ScpService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ingest.scp');
  private server?: Server;
  private boundPort?: number;

  constructor(
    private readonly ingest: IngestService,
    @Inject(INGEST_OPTIONS) private readonly options: IngestOptions,
  ) {}

  /** The listening port, once started. */
  get port(): number | undefined {
    return this.boundPort;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.scpPort === undefined) return;
    // dcmjs-dimse logs to the console on its own; Gantry logs through its JSON logger only.
    dimseLog.setLevel('silent');
    const Scp = storeScpClass({
      ingest: this.ingest,
      aeTitle: this.options.aeTitle,
      onError: (code) => this.logger.error({ msg: 'C-STORE failed', code }),
    });
    const server = new Server(Scp);
    await new Promise<void>((resolve, reject) => {
      server.once('listening', () => resolve());
      server.once('networkError', (e: Error) => reject(e));
      server.listen(this.options.scpPort ?? 0);
    });
    // Later network errors (a peer resetting its socket) must never take the process down.
    server.on('networkError', () => this.logger.warn({ msg: 'DICOM network error', code: 'SCP_NETWORK_ERROR' }));
    this.server = server;
    this.boundPort = (internalNetServer(server)?.address() as AddressInfo | null)?.port;
    this.logger.log({ msg: 'C-STORE SCP listening', port: this.boundPort, aeTitle: this.options.aeTitle });
  }

  onApplicationShutdown(): void {
    this.server?.close();
    this.server = undefined;
  }
}

/** dcmjs-dimse keeps its net.Server on a field it does not type; the bound port lives there. */
function internalNetServer(server: Server): { address(): AddressInfo | string | null } | undefined {
  return (server as unknown as { server?: { address(): AddressInfo | string | null } }).server;
}
