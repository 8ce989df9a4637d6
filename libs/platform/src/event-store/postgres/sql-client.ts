import { DataSource } from 'typeorm';
import { EventStoreError } from '../errors';

/** The one capability the store's SQL functions need: run a statement, get its rows. */
export interface SqlClient {
  query<R>(sql: string, params?: readonly unknown[]): Promise<R[]>;
}

/**
 * Raw SQL through TypeORM's pool; each call is one statement in autocommit, one round trip.
 * Failures become EventStoreError (code QUERY_FAILED, the driver error as cause); the
 * message carries the SQLSTATE only, never the statement's parameters.
 */
export function sqlClientOf(dataSource: DataSource): SqlClient {
  return {
    async query<R>(sql: string, params: readonly unknown[] = []): Promise<R[]> {
      try {
        const rows: unknown = await dataSource.query(sql, [...params]);
        return rows as R[];
      } catch (e) {
        const { code } = pgErrorInfo(e);
        throw new EventStoreError('QUERY_FAILED', `event store query failed${code ? ` (SQLSTATE ${code})` : ''}`, { cause: e });
      }
    },
  };
}

/** The Postgres error fields the store reacts to, from a pg error or TypeORM's wrapper of one. */
export interface PgErrorInfo {
  code: string | undefined;
  detail: string | undefined;
  constraint: string | undefined;
}

export function pgErrorInfo(e: unknown): PgErrorInfo {
  const source = driverError(e);
  return { code: field(source, 'code'), detail: field(source, 'detail'), constraint: field(source, 'constraint') };
}

/** Unwraps our EventStoreError and TypeORM's QueryFailedError down to pg's error. */
function driverError(e: unknown): unknown {
  if (e instanceof EventStoreError && e.code === 'QUERY_FAILED') return driverError(e.cause);
  if (e !== null && typeof e === 'object' && 'driverError' in e) return e.driverError;
  return e;
}

function field(e: unknown, name: 'code' | 'detail' | 'constraint'): string | undefined {
  if (e === null || typeof e !== 'object' || !(name in e)) return undefined;
  const value: unknown = (e as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}
