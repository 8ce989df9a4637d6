/** Messages from the PGlite worker to the thread that started it. */
export type FromPgliteWorker = { type: 'ready' } | { type: 'stopped' } | { type: 'failed'; message: string };

export const STOP_REQUEST = { type: 'stop' } as const;

export const isStopRequest = (m: unknown): boolean =>
  m !== null && typeof m === 'object' && 'type' in m && m.type === STOP_REQUEST.type;

export function isFromPgliteWorker(m: unknown): m is FromPgliteWorker {
  if (m === null || typeof m !== 'object' || !('type' in m)) return false;
  if (m.type === 'ready' || m.type === 'stopped') return true;
  return m.type === 'failed' && 'message' in m && typeof m.message === 'string';
}
