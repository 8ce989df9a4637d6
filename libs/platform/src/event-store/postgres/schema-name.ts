import { EventStoreError } from '../errors';

/**
 * Schema names are interpolated into DDL and into every statement (identifiers cannot be
 * bound as parameters), so only plain lower-case identifiers are accepted: nothing that
 * needs escaping can reach the SQL text.
 */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export const DEFAULT_SCHEMA = 'public';

export function checkSchemaName(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new EventStoreError('INVALID_SCHEMA_NAME', 'schema must match ^[a-z_][a-z0-9_]{0,62}$');
  }
  return schema;
}

/** The schema-qualified, quoted name of a table or function of the store. */
export const qualified = (schema: string, name: string): string => `"${checkSchemaName(schema)}"."${name}"`;
