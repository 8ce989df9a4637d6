import { isGantryError } from '@gantry/domain';

/**
 * A log-safe label for an infrastructure error: a GantryError's code, or the error class
 * name plus a driver code (SQLSTATE, NATS code) when there is one. Never the message,
 * which for a driver error may quote parameters or data.
 */
export function errorLabel(error: unknown): string {
  if (isGantryError(error)) return error.code;
  if (!(error instanceof Error)) return typeof error;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' || typeof code === 'number' ? `${error.name}:${code}` : error.name;
}
