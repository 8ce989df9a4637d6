import { GantryError } from '@gantry/domain';

/** `gantry recover` cannot start: the private key or the output folder is unusable. */
export class RecoveryError extends GantryError {}
