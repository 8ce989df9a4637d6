/**
 * The `export` section of the pipeline configuration: where de-identified objects go.
 * Credentials are never written here, only the names of the environment variables that
 * hold them, so a configuration (stored in the event store) carries no secret.
 */

/** `{patient}/{study}/{series}/{instance}.dcm` with pseudonymous values (see layout-template). */
export const DEFAULT_LAYOUT = '{patient}/{study}/{series}/{instance}.dcm';
export const DEFAULT_CALLING_AE = 'GANTRY';
export const DEFAULT_CSTORE_RETRIES = 3;
export const DEFAULT_CSTORE_BATCH = 16;
export const DEFAULT_S3_REGION = 'us-east-1';

interface Named {
  /** Lower-case identifier; recorded in Exported events (`^[a-z][a-z0-9-]{0,63}$`). */
  readonly name: string;
}

/** A folder on this machine; files are written atomically (temp file, then rename). */
export interface FolderDestination extends Named {
  readonly kind: 'folder';
  /** Absolute path. */
  readonly path: string;
  readonly layout: string;
}

/** An S3 bucket; objects are put under `prefix` with the layout as the rest of the key. */
export interface S3Destination extends Named {
  readonly kind: 's3';
  /** `http(s)://host[:port]`. */
  readonly endpoint: string;
  readonly bucket: string;
  readonly prefix: string;
  readonly region: string;
  readonly layout: string;
  /** Names of the environment variables holding the keys. */
  readonly accessKeyEnv: string;
  readonly secretKeyEnv: string;
}

/** A DICOM Storage SCP; one association carries up to `batch` instances. */
export interface CStoreDestination extends Named {
  readonly kind: 'cstore';
  readonly host: string;
  readonly port: number;
  readonly calledAe: string;
  readonly callingAe: string;
  /** Association attempts after the first failure, within one delivery. */
  readonly maxRetries: number;
  readonly batch: number;
}

/** A DICOMweb STOW-RS endpoint (the `…/studies` URL). */
export interface StowRsDestination extends Named {
  readonly kind: 'stowrs';
  readonly url: string;
  /** Name of an environment variable holding extra request headers as a JSON object (e.g. Authorization). */
  readonly headersEnv?: string;
}

export type ExportDestination = FolderDestination | S3Destination | CStoreDestination | StowRsDestination;

/** The `export` section with every default applied. */
export interface ExportConfig {
  readonly destinations: readonly ExportDestination[];
}

type Optional<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;

/** A destination as written: defaulted fields may be left out. */
export type ExportDestinationInput =
  | Optional<FolderDestination, 'layout'>
  | Optional<S3Destination, 'prefix' | 'region' | 'layout'>
  | Optional<CStoreDestination, 'callingAe' | 'maxRetries' | 'batch'>
  | StowRsDestination;

export interface ExportConfigInput {
  readonly destinations?: readonly ExportDestinationInput[];
}

function destinationWithDefaults(d: ExportDestinationInput): ExportDestination {
  switch (d.kind) {
    case 'folder':
      return { ...d, layout: d.layout ?? DEFAULT_LAYOUT };
    case 's3':
      return { ...d, prefix: d.prefix ?? '', region: d.region ?? DEFAULT_S3_REGION, layout: d.layout ?? DEFAULT_LAYOUT };
    case 'cstore':
      return { ...d, callingAe: d.callingAe ?? DEFAULT_CALLING_AE, maxRetries: d.maxRetries ?? DEFAULT_CSTORE_RETRIES, batch: d.batch ?? DEFAULT_CSTORE_BATCH };
    case 'stowrs':
      return { ...d };
  }
}

/** Fill every default into a schema-valid section (absent: no destination). */
export function exportWithDefaults(input: ExportConfigInput | undefined): ExportConfig {
  return { destinations: (input?.destinations ?? []).map(destinationWithDefaults) };
}
