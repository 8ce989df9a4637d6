import { resolve } from 'node:path';
import { DEFAULT_DELIVERY_POLICY } from '../bus/delivery-policy';
import { DeliveryConfig, HttpConfig, IngestConfig, LOG_LEVELS, LogConfig } from './config.types';
import { EnvReader } from './env-reader';

const PORT = { min: 0, max: 65_535 } as const;
/** DICOM AE titles: 1-16 characters of the default repertoire, no backslash, not all spaces. */
const AE_TITLE = /^(?! *$)[\x20-\x5b\x5d-\x7e]{1,16}$/;
const HOST = /^[A-Za-z0-9.:[\]_-]+$/;

export function readHttp(r: EnvReader): HttpConfig {
  return {
    port: r.int('GANTRY_HTTP_PORT', { ...PORT, default: 0 }),
    // Loopback by default: a deployment exposes health and metrics on purpose (0.0.0.0), never by accident.
    host: r.string('GANTRY_HTTP_HOST', { pattern: HOST, expected: 'a host name or IP address' }) ?? '127.0.0.1',
  };
}

export function readLog(r: EnvReader, cwd: string): LogConfig {
  const level = r.oneOf('GANTRY_LOG_LEVEL', LOG_LEVELS, 'info');
  const fileVar = r.raw('GANTRY_LOG_FILE');
  const file = fileVar === undefined ? undefined : resolve(cwd, fileVar);
  // A file replaces stdout unless GANTRY_LOG_STDOUT asks for both (the CLI keeps stdout for its own output).
  const stdout = r.bool('GANTRY_LOG_STDOUT', file === undefined);
  if (!stdout && file === undefined) {
    r.problem('GANTRY_LOG_STDOUT', 'is false but GANTRY_LOG_FILE is not set, so every log line would be lost');
  }
  return file === undefined ? { level, stdout } : { level, file, stdout };
}

export function readDelivery(r: EnvReader): DeliveryConfig {
  return {
    concurrency: r.int('GANTRY_CONCURRENCY', { min: 1, max: 1_024, default: DEFAULT_DELIVERY_POLICY.concurrency }),
    maxDeliver: r.int('GANTRY_MAX_DELIVER', { min: 1, max: 1_000, default: DEFAULT_DELIVERY_POLICY.maxDeliver }),
    ackWaitMs: r.int('GANTRY_ACK_WAIT_MS', { min: 1_000, max: 3_600_000, default: DEFAULT_DELIVERY_POLICY.ackWaitMs }),
  };
}

export function readIngest(r: EnvReader): IngestConfig {
  return {
    // 11112 is the registered DICOM port that needs no privileges; 0 asks for an ephemeral one.
    scpPort: r.int('GANTRY_SCP_PORT', { ...PORT, default: 11_112 }),
    aeTitle:
      r.string('GANTRY_AE_TITLE', {
        pattern: AE_TITLE,
        expected: 'a DICOM AE title (1-16 printable ASCII characters, no backslash)',
      }) ?? 'GANTRY',
  };
}
