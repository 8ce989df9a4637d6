import { isGantryError } from '@gantry/domain';

const MAX_CAUSES = 3;

/**
 * An error as log fields. A foreign error's message may quote the data it choked on
 * (a parser echoing a tag value, a path naming a patient's folder), so it is kept only
 * for `GantryError`s, whose messages are patient-free by contract, or when `trusted`.
 * Type, code and stack frames (without the message line) always stay: they are enough
 * to find the failing code.
 */
export function errorFields(error: Error, trusted: boolean, depth = 0): Record<string, unknown> {
  const keepMessage = trusted || isGantryError(error);
  const code = (error as { code?: unknown }).code;
  const out: Record<string, unknown> = { type: error.name };
  if (typeof code === 'string' || typeof code === 'number') out['code'] = code;
  out['message'] = keepMessage ? error.message : '[redacted]';
  const frames = stackFrames(error.stack);
  if (frames !== undefined) out['stack'] = frames;
  if (error.cause instanceof Error && depth < MAX_CAUSES) out['cause'] = errorFields(error.cause, trusted, depth + 1);
  return out;
}

/** The `at ...` lines only: the first line of a stack repeats the message. */
function stackFrames(stack: string | undefined): string | undefined {
  if (stack === undefined) return undefined;
  const frames = stack
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .map((line) => line.trim());
  return frames.length > 0 ? frames.join('\n') : undefined;
}
