/**
 * Serialises appends so the chain never forks: two writers must not both read
 * entry n as the head and both write n+1. PostgreSQL takes a transaction-level
 * advisory lock (released at commit or rollback, shared by every replica on the
 * database); SQLite's write transaction is already serialised, as Kysely's
 * SQLite driver runs one connection. The primary key on seq is the backstop.
 */
import { sql, type Kysely } from 'kysely';
import type { Database, SqlDialectName } from '../db/index.js';

const LOCK_NAME = 'airlock.audit_log';

export async function lockChain(trx: Kysely<Database>, dialect: SqlDialectName): Promise<void> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtextextended(${LOCK_NAME}, 0))`.execute(trx);
}
