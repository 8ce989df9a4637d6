import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

type Json = Record<string, unknown>;

/** What a subscriber needs to know about one event type, read from the published AsyncAPI document. */
export interface EventContract {
  type: string;
  /** Channel address with `{prefix}` left in, e.g. `{prefix}.instance.exported.v1`. */
  address: string;
  payload: Json;
  headers: Json;
}

export class ContractError extends Error {
  override readonly name = 'ContractError';
}

/**
 * Loads the AsyncAPI document Gantry publishes (contracts/asyncapi.yaml) and returns the
 * contract of each event type it lists, with local `$ref`s resolved. This example depends
 * on the document only, not on Gantry's code.
 */
export function loadContract(file: string): Map<string, EventContract> {
  const doc = parse(readFileSync(file, 'utf8')) as Json;
  if (typeof doc['asyncapi'] !== 'string' || !doc['asyncapi'].startsWith('3.')) throw new ContractError(`${file} is not an AsyncAPI 3 document`);
  const resolve = (node: unknown): Json => resolveRef(doc, node);
  const contracts = new Map<string, EventContract>();
  for (const channel of Object.values(doc['channels'] as Json).map(resolve)) {
    for (const message of Object.values(channel['messages'] as Json).map(resolve)) {
      const type = message['name'];
      if (typeof type !== 'string') throw new ContractError('a message has no name');
      contracts.set(type, { type, address: String(channel['address']), payload: resolve(message['payload']), headers: resolve(message['headers']) });
    }
  }
  return contracts;
}

function resolveRef(doc: Json, node: unknown): Json {
  const ref = (node as { $ref?: unknown } | null)?.$ref;
  if (typeof ref !== 'string') return node as Json;
  if (!ref.startsWith('#/')) throw new ContractError(`only local references are supported: ${ref}`);
  let at: unknown = doc;
  for (const key of ref.slice(2).split('/')) {
    at = (at as Json | undefined)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')];
    if (at === undefined) throw new ContractError(`unresolved reference ${ref}`);
  }
  return at as Json;
}
