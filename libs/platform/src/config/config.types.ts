/** Log levels, most severe first (pino's names). */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
export type GantryLogLevel = (typeof LOG_LEVELS)[number];

export type DatabaseConfig =
  | { readonly kind: 'postgres'; readonly url: string; readonly schema?: string }
  | { readonly kind: 'embedded'; readonly dir: string };

export type BusConfig =
  | {
      readonly kind: 'jetstream';
      readonly servers: readonly string[];
      readonly stream: string;
      readonly subjectPrefix: string;
      readonly credsFile?: string;
    }
  | { readonly kind: 'in-process' };

export interface S3BlobsConfig {
  readonly kind: 's3';
  readonly endPoint: string;
  readonly port: number;
  readonly useSSL: boolean;
  readonly accessKey: string;
  readonly secretKey: string;
  readonly region: string;
  readonly bucket: string;
}

export interface FsBlobsConfig {
  readonly kind: 'fs';
  readonly dir: string;
}

export type BlobsConfig = S3BlobsConfig | FsBlobsConfig;

export interface HttpConfig {
  /** 0 = no fixed port: the app decides (no server, or an ephemeral one). */
  readonly port: number;
  readonly host: string;
}

export interface LogConfig {
  readonly level: GantryLogLevel;
  /** Absolute path of a log file, when logs should go to a file. */
  readonly file?: string;
  /** Whether lines also go to stdout. Defaults to true without a file and false with one. */
  readonly stdout: boolean;
}

export interface DeliveryConfig {
  readonly concurrency: number;
  readonly maxDeliver: number;
  readonly ackWaitMs: number;
}

export interface IngestConfig {
  readonly scpPort: number;
  readonly aeTitle: string;
}

/** Everything a Gantry process needs from its environment, read and validated once at boot. */
export interface GantryConfig {
  /** Absolute. */
  readonly dataDir: string;
  readonly database: DatabaseConfig;
  readonly bus: BusConfig;
  readonly blobs: BlobsConfig;
  /** Absolute path of the deployment key file. */
  readonly keyFile: string;
  readonly http: HttpConfig;
  readonly log: LogConfig;
  readonly delivery: DeliveryConfig;
  readonly ingest: IngestConfig;
}
