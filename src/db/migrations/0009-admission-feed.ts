/**
 * The admission feed (gate/admission-feed.ts) asks "which images and approved
 * tags changed since T?" every few seconds for every cluster's webhook; these
 * indexes keep that an index range scan however many images there are.
 */
import type { Kysely, Migration } from 'kysely';

export function admissionFeedMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.createIndex('gate_images_updated_at').on('gate_images').column('updated_at').execute();
      await db.schema.createIndex('tags_updated_at').on('tags').column('updated_at').execute();
    },
  };
}
