/**
 * What the scanner remembers between runs, keyed by digest and cataloger set:
 * each layer's analysis, and each image's inventory (its SBOM: OS and packages),
 * so matching an image again reads no layer. Stored gzip-compressed (a layer's
 * analysis lists every symlink and owned file, hundreds of kilobytes of JSON).
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { SqlDialectName } from '../dialect-name.js';

export function scanCache(dialect: SqlDialectName): Migration {
  const bytes = dialect === 'postgres' ? sql`bytea` : sql`blob`;
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('layer_analyses')
        .addColumn('layer_digest', 'text', (c) => c.notNull())
        .addColumn('cataloger_key', 'text', (c) => c.notNull())
        .addColumn('analysis', bytes, (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('last_used_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('layer_analyses_pk', ['layer_digest', 'cataloger_key'])
        .execute();
      await db.schema
        .createTable('image_inventories')
        .addColumn('image_digest', 'text', (c) => c.notNull())
        .addColumn('cataloger_key', 'text', (c) => c.notNull())
        .addColumn('inventory', bytes, (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('image_inventories_pk', ['image_digest', 'cataloger_key'])
        .execute();
    },
  };
}
