import { randomBytes } from 'node:crypto';
import { StowRsDestination } from '@gantry/domain';
import { DestinationConfigError, DestinationUnavailableError } from './destination-errors';
import { ExportItem, ExportTarget, WriteResult } from './export-target';

const FAILED_SOP_SEQUENCE = '00081198';
const REFERENCED_SOP_INSTANCE_UID = '00081155';
/** Statuses worth retrying: timeouts, throttling and server-side failures. */
const TRANSIENT = new Set([408, 425, 429, 500, 502, 503, 504]);

/** Extra headers (Authorization, …) from the environment variable the destination names. */
function headersFrom(d: StowRsDestination, env: NodeJS.ProcessEnv): Record<string, string> {
  const raw = d.headersEnv ? env[d.headersEnv] : undefined;
  if (raw === undefined || raw === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new DestinationConfigError('DESTINATION_HEADERS_INVALID', `export destination ${d.name}: ${d.headersEnv} must be a JSON object of header strings`);
  }
  const ok = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && Object.values(parsed).every((v) => typeof v === 'string');
  if (!ok) throw new DestinationConfigError('DESTINATION_HEADERS_INVALID', `export destination ${d.name}: ${d.headersEnv} must be a JSON object of header strings`);
  return parsed as Record<string, string>;
}

function body(boundary: string, bytes: Uint8Array): Buffer {
  return Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`),
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
}

/** Whether a STOW-RS response lists this instance under Failed SOP Sequence (PS3.18 10.5.3). */
function listedAsFailed(json: unknown, sopInstanceUid: string): boolean {
  const failed = (json as Record<string, { Value?: Record<string, { Value?: unknown[] }>[] }> | null)?.[FAILED_SOP_SEQUENCE]?.Value ?? [];
  return failed.some((item) => item[REFERENCED_SOP_INSTANCE_UID]?.Value?.includes(sopInstanceUid) === true);
}

/**
 * A DICOMweb STOW-RS export: one multipart/related request per object. 200 (and 202
 * without this instance among the failures) is success; throttling and server errors are
 * retried by redelivery; any other refusal will not heal by retrying and dead-letters.
 */
export class StowRsTarget implements ExportTarget {
  readonly kind = 'stowrs' as const;
  readonly name: string;

  constructor(
    private readonly destination: StowRsDestination,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.name = destination.name;
  }

  async write(item: ExportItem): Promise<WriteResult> {
    const boundary = `gantry-${randomBytes(12).toString('hex')}`;
    const headers = {
      ...headersFrom(this.destination, this.env),
      'Content-Type': `multipart/related; type="application/dicom"; boundary=${boundary}`,
      Accept: 'application/dicom+json',
    };
    let res: Response;
    try {
      res = await fetch(this.destination.url, { method: 'POST', headers, body: body(boundary, item.bytes), signal: AbortSignal.timeout(120_000) });
    } catch (e) {
      throw new DestinationUnavailableError('STOW_UNREACHABLE', `export destination ${this.name} is unreachable`, { cause: e });
    }
    const json: unknown = await res.json().catch(() => null);
    if (TRANSIENT.has(res.status)) throw new DestinationUnavailableError('STOW_UNAVAILABLE', `export destination ${this.name} answered ${res.status}`);
    if ((res.status !== 200 && res.status !== 202) || listedAsFailed(json, item.sopInstanceUid)) {
      throw new DestinationConfigError('STOW_REFUSED', `export destination ${this.name} refused the instance (HTTP ${res.status})`);
    }
    return { location: item.location };
  }

  async close(): Promise<void> {
    // fetch pools its own connections.
  }
}
