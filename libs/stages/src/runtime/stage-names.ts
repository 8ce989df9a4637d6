/** The pipeline stages, in the order an instance passes through them. */
export const STAGES = ['ingest', 'indexer', 'inspector', 'remediator', 'redactor', 'exporter'] as const;
export type StageName = (typeof STAGES)[number];

export const isStageName = (s: string): s is StageName => (STAGES as readonly string[]).includes(s);
