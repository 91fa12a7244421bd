/**
 * The mirror's tables: applied catalog versions, what each upstream repository
 * offered at the last look, and every upstream tag Airlock copies through the gate.
 */
import type { Kysely, Migration } from 'kysely';

export function mirrorMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('mirror_catalogs')
        .addColumn('version', 'integer', (c) => c.primaryKey())
        .addColumn('document', 'text', (c) => c.notNull())
        .addColumn('digest', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('mirror_entries')
        .addColumn('source', 'text', (c) => c.primaryKey())
        .addColumn('upstream_tags', 'text', (c) => c.notNull())
        .addColumn('checked_at', 'bigint')
        .addColumn('last_sync_at', 'bigint')
        .addColumn('error', 'text')
        .execute();
      await db.schema
        .createTable('mirror_tags')
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('tag', 'text', (c) => c.notNull())
        .addColumn('repository', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('upstream_digest', 'text')
        .addColumn('digest', 'text')
        .addColumn('origin', 'text', (c) => c.notNull())
        .addColumn('held', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('error', 'text')
        .addColumn('requested_by', 'text', (c) => c.notNull())
        .addColumn('requested_at', 'bigint', (c) => c.notNull())
        .addColumn('synced_at', 'bigint')
        .addColumn('bytes', 'bigint')
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('mirror_tags_pk', ['source', 'tag'])
        .execute();
      await db.schema.createIndex('mirror_tags_repository_digest').on('mirror_tags').columns(['repository', 'digest']).execute();
    },
  };
}
