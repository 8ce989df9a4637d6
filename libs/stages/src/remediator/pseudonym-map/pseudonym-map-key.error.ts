import { GantryError } from '@gantry/domain';

/** The map cannot be read with this deployment key (another key, or tampered rows). */
export class PseudonymMapKeyError extends GantryError {
  constructor(options?: { cause?: unknown }) {
    super('MAPPING_UNDECRYPTABLE', 'the pseudonym map does not decrypt with this deployment key', options);
  }
}
