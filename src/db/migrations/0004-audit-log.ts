/**
 * The audit part's table: the hash-chained audit trail. Append-only in the
 * database too: triggers refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL),
 * so an application bug cannot rewrite history; deliberate tampering by someone
 * who can drop the triggers is what the hash chain and `verifyAuditLog` catch.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { SqlDialectName } from '../dialect-name.js';

export function auditLogMigration(dialect: SqlDialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('audit_log')
        .addColumn('seq', 'bigint', (c) => c.primaryKey().check(sql`seq > 0`))
        .addColumn('time', 'bigint', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('target', 'text')
        .addColumn('details', 'text', (c) => c.notNull())
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull().unique())
        .execute();
      // Filters combine with newest/oldest-first paging by seq.
      await db.schema.createIndex('audit_log_actor').on('audit_log').columns(['actor', 'seq']).execute();
      await db.schema.createIndex('audit_log_action').on('audit_log').columns(['action', 'seq']).execute();
      await db.schema.createIndex('audit_log_target').on('audit_log').columns(['target', 'seq']).execute();
      await db.schema.createIndex('audit_log_time').on('audit_log').columns(['time', 'seq']).execute();
      if (dialect === 'postgres') await appendOnlyPostgres(db);
      else await appendOnlySqlite(db);
    },
  };
}

async function appendOnlyPostgres(db: Kysely<unknown>): Promise<void> {
  await sql`create function audit_log_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only: % refused', tg_op;
    end
  $$`.execute(db);
  await sql`create trigger audit_log_append_only before update or delete or truncate on audit_log
    for each statement execute function audit_log_refuse_change()`.execute(db);
}

async function appendOnlySqlite(db: Kysely<unknown>): Promise<void> {
  await sql`create trigger audit_log_no_update before update on audit_log
    begin select raise(abort, 'audit_log is append-only: UPDATE refused'); end`.execute(db);
  await sql`create trigger audit_log_no_delete before delete on audit_log
    begin select raise(abort, 'audit_log is append-only: DELETE refused'); end`.execute(db);
}
