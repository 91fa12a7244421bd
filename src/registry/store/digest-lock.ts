/**
 * Serialises work on one blob digest across replicas: publishing a blob and
 * garbage-collecting it must never interleave. PostgreSQL takes a transaction
 * advisory lock; SQLite transactions are already serialised by its write lock.
 */
import { sql, type Kysely } from 'kysely';
import type { Database, SqlDialectName } from '../../db/index.js';

export async function lockDigest(trx: Kysely<Database>, dialect: SqlDialectName, digest: string): Promise<void> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtextextended(${digest}, 0))`.execute(trx);
}
