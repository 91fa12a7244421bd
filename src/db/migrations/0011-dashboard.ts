/**
 * What the dashboard asks of the fleet, answered from indexes rather than by
 * reading every image's evaluation: one row per finding and identifier (the
 * preferred id and each alias, so "which images have GHSA-…" is an index
 * lookup), per-image severity counts for sorting, and the browser's sessions.
 * Findings are kept after they are resolved (resolved_at), so the trend of
 * open vulnerabilities over time can be drawn. Images judged before this
 * migration are indexed from their stored evaluation.
 */
import type { Kysely, Migration } from 'kysely';
import { sql } from 'kysely';

export function dashboardMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('gate_image_findings')
        .addColumn('image_id', 'text', (c) => c.notNull().references('gate_images.id').onDelete('cascade'))
        // The id searched by: the finding's preferred id, or one of its aliases.
        .addColumn('identifier', 'text', (c) => c.notNull())
        .addColumn('vulnerability_id', 'text', (c) => c.notNull())
        .addColumn('package_type', 'text', (c) => c.notNull())
        .addColumn('package_name', 'text', (c) => c.notNull())
        .addColumn('purl', 'text', (c) => c.notNull())
        .addColumn('installed_version', 'text', (c) => c.notNull())
        .addColumn('fixed_version', 'text')
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('excepted', 'integer', (c) => c.notNull())
        .addColumn('first_seen_at', 'bigint', (c) => c.notNull())
        .addColumn('resolved_at', 'bigint')
        .execute();
      await db.schema.createIndex('gate_image_findings_image').on('gate_image_findings').columns(['image_id', 'resolved_at']).execute();
      await db.schema.createIndex('gate_image_findings_identifier').on('gate_image_findings').columns(['identifier', 'resolved_at']).execute();
      await db.schema.createIndex('gate_image_findings_first_seen').on('gate_image_findings').column('first_seen_at').execute();
      await db.schema
        .createTable('gate_image_facets')
        .addColumn('image_id', 'text', (c) => c.primaryKey().references('gate_images.id').onDelete('cascade'))
        .addColumn('critical', 'integer', (c) => c.notNull())
        .addColumn('high', 'integer', (c) => c.notNull())
        .addColumn('medium', 'integer', (c) => c.notNull())
        .addColumn('low', 'integer', (c) => c.notNull())
        .addColumn('unknown', 'integer', (c) => c.notNull())
        // 4 critical … 0 none: "at least high" is one comparison.
        .addColumn('max_severity', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('gate_image_packages_name').on('gate_image_packages').column('package_name').execute();
      await db.schema.createIndex('gate_images_received_at').on('gate_images').columns(['received_at', 'id']).execute();
      await db.schema.createIndex('gate_images_team').on('gate_images').columns(['team', 'state']).execute();
      await db.schema
        .createTable('web_sessions')
        // SHA-256 of the cookie's secret: a stolen database holds no usable session.
        .addColumn('id_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('csrf_token', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('web_sessions_expires').on('web_sessions').column('expires_at').execute();
      await backfill(db);
    },
  };
}

interface StoredFinding {
  id: string;
  aliases?: string[];
  package: string;
  packageType?: string;
  purl: string;
  installedVersion: string;
  fixedVersion?: string;
  severity: string;
}

async function backfill(db: Kysely<unknown>): Promise<void> {
  const rows = await sql<{ id: string; evaluation: string | null; decided_at: number | string | null }>`select id, evaluation, decided_at from gate_images where evaluation is not null`.execute(db);
  for (const row of rows.rows) {
    const stored = JSON.parse(row.evaluation as string) as { platforms?: Array<{ findings?: StoredFinding[]; evaluation?: { exceptionsApplied?: Array<{ vulnerabilityId: string; purl: string }> } }> };
    const seen = Number(row.decided_at ?? 0);
    const counts: Record<string, number> = { critical: 0, high: 0, medium: 0, low: 0, unknown: 0 };
    for (const platform of stored.platforms ?? []) {
      const excepted = new Set((platform.evaluation?.exceptionsApplied ?? []).map((applied) => `${applied.vulnerabilityId}\0${applied.purl}`));
      for (const finding of platform.findings ?? []) {
        counts[finding.severity in counts ? finding.severity : 'unknown'] = (counts[finding.severity in counts ? finding.severity : 'unknown'] ?? 0) + 1;
        for (const identifier of new Set([finding.id, ...(finding.aliases ?? [])])) {
          await sql`insert into gate_image_findings (image_id, identifier, vulnerability_id, package_type, package_name, purl, installed_version, fixed_version, severity, excepted, first_seen_at, resolved_at)
            values (${row.id}, ${identifier}, ${finding.id}, ${finding.packageType ?? ''}, ${finding.package}, ${finding.purl}, ${finding.installedVersion}, ${finding.fixedVersion ?? null}, ${finding.severity}, ${excepted.has(`${finding.id}\0${finding.purl}`) ? 1 : 0}, ${seen}, ${null})`.execute(db);
        }
      }
    }
    const max = counts.critical ? 4 : counts.high ? 3 : counts.medium ? 2 : counts.low ? 1 : 0;
    await sql`insert into gate_image_facets (image_id, critical, high, medium, low, unknown, max_severity) values (${row.id}, ${counts.critical}, ${counts.high}, ${counts.medium}, ${counts.low}, ${counts.unknown}, ${max})`.execute(db);
  }
}
