import { GantryError } from '@gantry/domain';

/**
 * A blob operation failed for a reason other than a missing object: I/O, the object
 * store being unreachable, a bad key, a body shorter or longer than announced.
 * The message names the operation and the (opaque) key only; the cause has the detail.
 */
export class BlobStoreError extends GantryError {}

export const isBlobStoreError = (e: unknown): e is BlobStoreError => e instanceof BlobStoreError;
