import { GantryError } from '@gantry/domain';

/** A usage or configuration problem: the CLI prints it and exits 2. */
export class UsageError extends GantryError {
  constructor(message: string) {
    super('USAGE', message);
  }
}

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;
