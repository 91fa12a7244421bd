/**
 * The gate's tables: the durable job queue, each quarantined image's state and
 * verdict with its history, and the inverted index from packages to images that
 * lets a database update re-decide only the images it touches.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { SqlDialectName } from '../dialect-name.js';

export function gateMigration(_dialect: SqlDialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('jobs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        // Two active jobs never share a key: one scan per image however often it is pushed.
        .addColumn('dedupe_key', 'text')
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('max_attempts', 'integer', (c) => c.notNull())
        .addColumn('run_after', 'bigint', (c) => c.notNull())
        .addColumn('locked_by', 'text')
        .addColumn('locked_until', 'bigint')
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('jobs_due').on('jobs').columns(['state', 'run_after']).execute();
      await db.schema.createIndex('jobs_active_key').on('jobs').column('dedupe_key').unique().where(sql.ref('state'), 'in', ['queued', 'running']).execute();

      await db.schema
        .createTable('gate_images')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('repository', 'text', (c) => c.notNull())
        .addColumn('digest', 'text', (c) => c.notNull())
        .addColumn('team', 'text', (c) => c.notNull())
        .addColumn('media_type', 'text', (c) => c.notNull())
        .addColumn('tags', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('reasons', 'text', (c) => c.notNull())
        .addColumn('evaluation', 'text')
        .addColumn('summary', 'text')
        .addColumn('policy_version', 'text')
        .addColumn('db_version', 'text')
        .addColumn('error', 'text')
        .addColumn('report_digest', 'text')
        .addColumn('html_report_digest', 'text')
        .addColumn('received_at', 'bigint', (c) => c.notNull())
        .addColumn('decided_at', 'bigint')
        .addColumn('approved_at', 'bigint')
        .addColumn('failing_since', 'bigint')
        .addColumn('revoke_at', 'bigint')
        .addColumn('revoked_at', 'bigint')
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('gate_images_repository_digest', ['repository', 'digest'])
        .execute();
      await db.schema.createIndex('gate_images_state').on('gate_images').columns(['state', 'revoke_at']).execute();
      await db.schema.createIndex('gate_images_digest').on('gate_images').column('digest').execute();
      await db.schema
        .createTable('gate_image_history')
        .addColumn('image_id', 'text', (c) => c.notNull().references('gate_images.id').onDelete('cascade'))
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('from_state', 'text')
        .addColumn('to_state', 'text', (c) => c.notNull())
        .addColumn('cause', 'text', (c) => c.notNull())
        .addColumn('detail', 'text')
        .execute();
      await db.schema.createIndex('gate_image_history_image').on('gate_image_history').columns(['image_id', 'at']).execute();
      await db.schema
        .createTable('gate_image_packages')
        .addColumn('image_id', 'text', (c) => c.notNull().references('gate_images.id').onDelete('cascade'))
        .addColumn('ecosystem', 'text', (c) => c.notNull())
        .addColumn('package_name', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('gate_image_packages_pk', ['image_id', 'ecosystem', 'package_name'])
        .execute();
      await db.schema.createIndex('gate_image_packages_package').on('gate_image_packages').columns(['ecosystem', 'package_name']).execute();
      // How far the gate's sweep has looked (advisories imported, exceptions expired), shared by every replica.
      await db.schema
        .createTable('gate_cursors')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('value', 'bigint', (c) => c.notNull())
        .execute();
    },
  };
}
