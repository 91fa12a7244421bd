/**
 * Loads the in-memory VulnerabilityIndex from the database: two plain scans, JSON
 * decoded once per row. With `ecosystems`, only those ecosystems' affected
 * entries are loaded (a scan needs a few of them); every advisory is still
 * loaded, so aliases can be followed across ecosystems.
 */
import type { Kysely, Selectable } from 'kysely';
import type { AdvisoriesTable, AffectedPackagesTable, Database } from '../../db/index.js';
import type { OsvRange, OsvSeverity } from './osv-schema.js';
import { VulnerabilityIndex, type AffectedEntry, type IndexedAdvisory } from './vulnerability-index.js';

export interface IndexLoadOptions {
  /** Which ecosystems' affected entries to load; all when absent. */
  ecosystems?: (ecosystem: string) => boolean;
}

export async function loadVulnerabilityIndex(db: Kysely<Database>, options: IndexLoadOptions = {}): Promise<VulnerabilityIndex> {
  const advisoryRows = await db.selectFrom('advisories').select(ADVISORY_COLUMNS).where('withdrawn', 'is', null).execute();
  const advisories = new Map(advisoryRows.map((row) => [row.id, toAdvisory(row)]));
  const wanted = options.ecosystems;
  const ecosystems = wanted ? (await db.selectFrom('affectedPackages').select('ecosystem').distinct().execute()).map((row) => row.ecosystem).filter(wanted) : undefined;
  let query = db.selectFrom('affectedPackages').select(AFFECTED_COLUMNS).orderBy('advisoryId').orderBy('ordinal');
  if (ecosystems) query = query.where('ecosystem', 'in', ecosystems.length > 0 ? ecosystems : ['']);
  return new VulnerabilityIndex(advisories.values(), toEntries(await query.execute(), advisories));
}

/**
 * The stored state of these advisories — the withdrawn and the unknown left
 * out — with their affected entries: what VulnerabilityIndex.withChanges needs
 * to bring an index up to date after an import, without reading the rest.
 */
export async function loadAdvisories(db: Kysely<Database>, ids: readonly string[]): Promise<{ advisories: IndexedAdvisory[]; entries: AffectedEntry[] }> {
  const advisories = new Map<string, IndexedAdvisory>();
  const rows: AffectedRow[] = [];
  for (let start = 0; start < ids.length; start += ID_CHUNK) {
    const chunk = ids.slice(start, start + ID_CHUNK);
    for (const row of await db.selectFrom('advisories').select(ADVISORY_COLUMNS).where('withdrawn', 'is', null).where('id', 'in', chunk).execute()) advisories.set(row.id, toAdvisory(row));
    rows.push(...(await db.selectFrom('affectedPackages').select(AFFECTED_COLUMNS).where('advisoryId', 'in', chunk).orderBy('advisoryId').orderBy('ordinal').execute()));
  }
  return { advisories: [...advisories.values()], entries: toEntries(rows, advisories) };
}

const ID_CHUNK = 500;
const ADVISORY_COLUMNS = ['id', 'modified', 'published', 'summary', 'aliases', 'upstream', 'severity', 'severityLabel'] as const;
const AFFECTED_COLUMNS = ['advisoryId', 'ordinal', 'ecosystem', 'packageName', 'purl', 'ranges', 'versions', 'severity', 'ecosystemSpecific', 'databaseSpecific'] as const;

type AdvisoryRow = Pick<Selectable<AdvisoriesTable>, (typeof ADVISORY_COLUMNS)[number]>;
type AffectedRow = Pick<Selectable<AffectedPackagesTable>, (typeof AFFECTED_COLUMNS)[number]>;

function toAdvisory(row: AdvisoryRow): IndexedAdvisory {
  return {
    id: row.id,
    modified: row.modified,
    published: row.published ?? undefined,
    summary: row.summary ?? undefined,
    aliases: JSON.parse(row.aliases) as string[],
    upstream: JSON.parse(row.upstream) as string[],
    severity: JSON.parse(row.severity) as OsvSeverity[],
    ...(row.severityLabel ? { severityLabel: row.severityLabel } : {}),
  };
}

/**
 * Entries in load order: by advisory id (compared as JavaScript compares
 * strings, so every dialect and every partial load agree), then position in
 * the record. An entry of an advisory not given (withdrawn) is left out.
 */
function toEntries(rows: readonly AffectedRow[], advisories: ReadonlyMap<string, IndexedAdvisory>): AffectedEntry[] {
  const sorted = [...rows].sort((a, b) => (a.advisoryId < b.advisoryId ? -1 : a.advisoryId > b.advisoryId ? 1 : a.ordinal - b.ordinal));
  const entries: AffectedEntry[] = [];
  for (const row of sorted) {
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
  return entries;
}
