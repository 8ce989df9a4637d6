import { GantryError } from '@gantry/domain';

/** The deployment key file is missing, unreadable, malformed or too widely readable. Never holds key material. */
export class KeyFileError extends GantryError {}

export const isKeyFileError = (e: unknown): e is KeyFileError => e instanceof KeyFileError;
