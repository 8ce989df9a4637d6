export interface IngestOptions {
  /** C-STORE SCP port; undefined disables the SCP, 0 picks a free port. */
  scpPort?: number;
  aeTitle: string;
  /** Files read and ingested at once by `gantry import`. */
  importConcurrency: number;
}

export const INGEST_OPTIONS = Symbol('gantry.ingest.options');
