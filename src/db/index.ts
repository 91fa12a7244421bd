/** The metadata database: schema, migrations, SQLite and PostgreSQL. */
export { openDatabase, DatabaseError, type DatabaseHandle } from './open-database.js';
export { dialectOf, type SqlDialectName } from './dialect-name.js';
export type * from './schema.js';
export type * from './tables/audit.js';
export type * from './tables/events.js';
export type * from './tables/governance.js';
export type * from './tables/gate.js';
export type * from './tables/mirror.js';
export type * from './tables/dashboard.js';
