import { DataSource, EntityManager } from 'typeorm';
import { Sql } from './sql';

/**
 * `Sql` over a TypeORM DataSource (pg driver). Read models share the event store's
 * DataSource, so on PGlite they go through the same multiplexed socket server.
 */
export function dataSourceSql(dataSource: DataSource): Sql {
  return managerSql(dataSource.manager, dataSource);
}

function managerSql(manager: EntityManager, dataSource: DataSource | null): Sql {
  return {
    query: async <T>(text: string, params?: readonly unknown[]): Promise<T[]> =>
      (await manager.query(text, params ? [...params] : undefined)) as T[],
    transaction: <T>(work: (tx: Sql) => Promise<T>): Promise<T> =>
      // Nested transactions reuse the outer one: TypeORM's manager is already bound to it.
      dataSource ? dataSource.transaction((m) => work(managerSql(m, null))) : work(managerSql(manager, null)),
  };
}
