/**
 * Base class for every error Gantry raises on purpose. The `code` is a stable,
 * machine-readable reason that may be recorded in events and metrics; the message
 * is for humans and must never contain patient data (tags and offsets only).
 */
export class GantryError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export const isGantryError = (e: unknown): e is GantryError => e instanceof GantryError;
