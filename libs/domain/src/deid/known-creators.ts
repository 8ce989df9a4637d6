import { safePrivateEntries } from '../standard/safe-private';

let known: ReadonlySet<string> | undefined;

/**
 * The creator to name in a plan, if it is a published vendor dictionary (one the safe
 * list knows). Any other creator string came from the file and could hold anything, and
 * plans feed findings and events, which must never carry a value from the object.
 */
export function reportableCreator(creator: string | undefined): string | undefined {
  known ??= new Set(safePrivateEntries().map((e) => e.creator));
  return creator !== undefined && known.has(creator.trim()) ? creator.trim() : undefined;
}
