/** The metadata database: schema, migrations, SQLite and PostgreSQL. */
export { openDatabase, DatabaseError, type DatabaseHandle } from './open-database.js';
export { dialectOf, type SqlDialectName } from './dialect-name.js';
export type * from './schema.js';
