/**
 * Per-scan reports: the gate stores each image's latest JSON and HTML report in
 * the blob store and names them in gate_images.report_digest and
 * html_report_digest (columns 0007 created for this). Garbage collection asks,
 * for every blob, whether an image still names it; these indexes keep that
 * anti-join an index lookup however many images there are.
 */
import type { Kysely, Migration } from 'kysely';

export function reportsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.createIndex('gate_images_report_digest').on('gate_images').column('report_digest').execute();
      await db.schema.createIndex('gate_images_html_report_digest').on('gate_images').column('html_report_digest').execute();
    },
  };
}
