/**
 * Loads the in-memory VulnerabilityIndex from the database: two plain scans, JSON
 * decoded once per row. With `ecosystems`, only those ecosystems' affected
 * entries are loaded (a scan needs a few of them); every advisory is still
 * loaded, so aliases can be followed across ecosystems.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/index.js';
import type { OsvRange, OsvSeverity } from './osv-schema.js';
import { VulnerabilityIndex, type AffectedEntry, type IndexedAdvisory } from './vulnerability-index.js';

export interface IndexLoadOptions {
  /** Which ecosystems' affected entries to load; all when absent. */
  ecosystems?: (ecosystem: string) => boolean;
}

export async function loadVulnerabilityIndex(db: Kysely<Database>, options: IndexLoadOptions = {}): Promise<VulnerabilityIndex> {
  const advisoryRows = await db
    .selectFrom('advisories')
    .select(['id', 'modified', 'published', 'summary', 'aliases', 'upstream', 'severity', 'severityLabel'])
    .where('withdrawn', 'is', null)
    .execute();
  const advisories = new Map<string, IndexedAdvisory>();
  for (const row of advisoryRows) {
    advisories.set(row.id, {
      id: row.id,
      modified: row.modified,
      published: row.published ?? undefined,
      summary: row.summary ?? undefined,
      aliases: JSON.parse(row.aliases) as string[],
      upstream: JSON.parse(row.upstream) as string[],
      severity: JSON.parse(row.severity) as OsvSeverity[],
      ...(row.severityLabel ? { severityLabel: row.severityLabel } : {}),
    });
  }
  const wanted = options.ecosystems;
  const ecosystems = wanted ? (await db.selectFrom('affectedPackages').select('ecosystem').distinct().execute()).map((row) => row.ecosystem).filter(wanted) : undefined;
  let query = db
    .selectFrom('affectedPackages')
    .select(['advisoryId', 'ecosystem', 'packageName', 'purl', 'ranges', 'versions', 'severity', 'ecosystemSpecific', 'databaseSpecific'])
    .orderBy('advisoryId')
    .orderBy('ordinal');
  if (ecosystems) query = query.where('ecosystem', 'in', ecosystems.length > 0 ? ecosystems : ['']);
  const affectedRows = await query.execute();
  const entries: AffectedEntry[] = [];
  for (const row of affectedRows) {
    const advisory = advisories.get(row.advisoryId);
    if (!advisory) continue;
    entries.push({
      advisory,
      ecosystem: row.ecosystem,
      packageName: row.packageName,
      purl: row.purl ?? undefined,
      ranges: JSON.parse(row.ranges) as OsvRange[],
      versions: JSON.parse(row.versions) as string[],
      severity: row.severity ? (JSON.parse(row.severity) as OsvSeverity[]) : [],
      ecosystemSpecific: row.ecosystemSpecific ? (JSON.parse(row.ecosystemSpecific) as Record<string, unknown>) : undefined,
      databaseSpecific: row.databaseSpecific ? (JSON.parse(row.databaseSpecific) as Record<string, unknown>) : undefined,
    });
  }
  return new VulnerabilityIndex(advisories.values(), entries);
}
