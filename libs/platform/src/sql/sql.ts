/**
 * The narrow database surface a stage's read model needs. Backed by the same TypeORM
 * DataSource (pg driver) as the event store, on Postgres or on PGlite.
 */
export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<T[]>;
  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T>;
}

export const SQL = Symbol('gantry.sql');
