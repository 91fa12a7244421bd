/**
 * The governance part's tables: versioned policy documents (org and per team)
 * and exceptions. Times are epoch milliseconds, JSON is text, so the same
 * schema runs on SQLite and PostgreSQL.
 */
import type { Kysely, Migration } from 'kysely';
import type { SqlDialectName } from '../dialect-name.js';

export function governanceMigration(_dialect: SqlDialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('policy_versions')
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('document', 'text', (c) => c.notNull())
        .addColumn('digest', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        // The key doubles as the optimistic-concurrency guard: two applies cannot both write version n+1.
        .addPrimaryKeyConstraint('policy_versions_pk', ['scope', 'version'])
        .execute();
      await db.schema
        .createTable('exceptions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('vulnerability', 'text', (c) => c.notNull())
        .addColumn('aliases', 'text', (c) => c.notNull())
        .addColumn('package', 'text')
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('justification', 'text')
        .addColumn('source', 'text')
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('revoked_at', 'bigint')
        .addColumn('revoked_by', 'text')
        .execute();
      await db.schema.createIndex('exceptions_expires_at').on('exceptions').column('expires_at').execute();
      await db.schema.createIndex('exceptions_vulnerability').on('exceptions').column('vulnerability').execute();
    },
  };
}
