/**
 * The fleet as the dashboard asks for it: images filtered by team, repository,
 * state, severity, vulnerability id, package and age, sorted and paged in the
 * database (never by loading the fleet), each with its severity counts.
 *
 * Query plan. A vulnerability or package filter names few images, found
 * directly through gate_image_findings_identifier or gate_image_packages_name,
 * while a state, team or severity filter matches thousands. So when either of
 * the two is given, the query starts from those image ids and looks each image
 * up by its key: `(ids) CROSS JOIN gate_images WHERE gate_images.id = ids.image_id`.
 * SQLite never reorders the tables of a CROSS JOIN
 * (https://sqlite.org/optoverview.html#crossjoin); written as `id IN (…)`, a
 * database without statistics had it walk gate_images_state through every
 * approved image and test each against the id list, 15–20 times the work.
 * PostgreSQL reads CROSS JOIN … WHERE as an inner join and orders it by its own
 * statistics.
 */
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { Database } from '../../db/index.js';
import type { ImageRow } from './image-store.js';
import { SEVERITY_RANK } from './finding-index.js';

export const IMAGE_SORTS = ['received', 'repository', 'team', 'state', 'severity', 'decided'] as const;
export type ImageSort = (typeof IMAGE_SORTS)[number];

export interface ImageQuery {
  /** Teams the caller may see; undefined = every team. */
  teams?: readonly string[];
  states?: readonly string[];
  /** Exact repository. */
  repository?: string;
  /** Text the repository contains. */
  text?: string;
  /** Only images with an open finding at least this severe. */
  severity?: string;
  /** Only images with an open finding known by this id (CVE, GHSA, … or an alias). */
  vulnerability?: string;
  /** Only images containing a package of this name. */
  package?: string;
  receivedAfter?: number;
  receivedBefore?: number;
  sort?: ImageSort;
  order?: 'asc' | 'desc';
  limit: number;
  offset: number;
}

export interface SeverityCounts {
  critical: number;
  high: number;
  medium: number;
  low: number;
  unknown: number;
}

export type FleetImage = ImageRow & { counts: SeverityCounts };

type Filtered = SelectQueryBuilder<Database, 'gateImages' | 'gateImageFacets', object>;

export async function queryImages(db: Kysely<Database>, query: ImageQuery): Promise<{ images: FleetImage[]; total: number }> {
  const page = await pageOf(db, query);
  // A page shorter than the limit ends the list, so it gives the total; only a full page, or an empty one past the end, needs the count.
  const total = page.length < query.limit && (page.length > 0 || query.offset === 0) ? query.offset + page.length : await countOf(db, query);
  return {
    total,
    images: page.map(({ critical, high, medium, low, unknown, ...image }) => ({ ...image, counts: { critical: critical ?? 0, high: high ?? 0, medium: medium ?? 0, low: low ?? 0, unknown: unknown ?? 0 } })),
  };
}

/**
 * A page of up to the list API's largest (1,000 rows) is read in two steps: the
 * page's ids, sorted and cut with only their sort keys, then those rows in
 * full. Sorting whole rows would carry every matching image's stored
 * evaluation (the verdict's findings, kilobytes each) through the sort, and an
 * offset would read the rows it skips. An export (up to 100,000 rows) reads
 * every matching row in full anyway; there a second step would only add a sort.
 */
const TWO_STEP_LIMIT = 1_000;

function pageOf(db: Kysely<Database>, query: ImageQuery) {
  const sort = query.sort ?? 'received';
  let rows = filtered(db, query, { facets: true });
  if (query.limit <= TWO_STEP_LIMIT) {
    const ids = ordered(filtered(db, query, { facets: query.severity !== undefined || sort === 'severity', imagesOuter: true }).select('gateImages.id'), query).limit(query.limit).offset(query.offset);
    rows = db.selectFrom(ids.as('paged')).crossJoin('gateImages').whereRef('gateImages.id', '=', 'paged.id').leftJoin('gateImageFacets', 'gateImageFacets.imageId', 'gateImages.id') as unknown as Filtered;
  }
  const page = ordered(rows.selectAll('gateImages').select(['gateImageFacets.critical', 'gateImageFacets.high', 'gateImageFacets.medium', 'gateImageFacets.low', 'gateImageFacets.unknown']), query);
  return (query.limit <= TWO_STEP_LIMIT ? page : page.limit(query.limit).offset(query.offset)).execute();
}

/** The order of the images table: the chosen sort, then newest first (or oldest), then id, so paging is stable. */
function ordered<O>(rows: SelectQueryBuilder<Database, 'gateImages' | 'gateImageFacets', O>, query: ImageQuery): SelectQueryBuilder<Database, 'gateImages' | 'gateImageFacets', O> {
  const desc = (query.order ?? (query.sort === undefined || query.sort === 'received' || query.sort === 'severity' || query.sort === 'decided' ? 'desc' : 'asc')) === 'desc';
  const direction = desc ? 'desc' : 'asc';
  switch (query.sort ?? 'received') {
    case 'repository':
      rows = rows.orderBy('gateImages.repository', direction);
      break;
    case 'team':
      rows = rows.orderBy('gateImages.team', direction).orderBy('gateImages.repository', 'asc');
      break;
    case 'state':
      rows = rows.orderBy('gateImages.state', direction);
      break;
    case 'severity':
      for (const column of ['critical', 'high', 'medium', 'low'] as const) rows = rows.orderBy((eb) => eb.fn.coalesce(`gateImageFacets.${column}`, eb.lit(0)), direction);
      break;
    case 'decided':
      rows = rows.orderBy('gateImages.decidedAt', direction);
      break;
    case 'received':
      break;
  }
  return rows.orderBy('gateImages.receivedAt', direction).orderBy('gateImages.id', direction);
}

/** The count reads gate_image_facets only when the severity filter needs it: the join is one lookup per counted image. */
async function countOf(db: Kysely<Database>, query: ImageQuery): Promise<number> {
  const row = await filtered(db, query, { facets: query.severity !== undefined }).select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirst();
  return Number(row?.total ?? 0);
}

/**
 * The images matching every filter. Without `facets` the facets table is not
 * joined (the type still names it; only the severity filter and sort, which set
 * `facets`, refer to it). `imagesOuter` keeps gate_images the outer table of
 * that join in SQLite, for the page's ids: see the severity filter.
 */
function filtered(db: Kysely<Database>, query: ImageQuery, options: { facets: boolean; imagesOuter?: boolean }): Filtered {
  const ids = matchingIds(db, query);
  const images = ids ? db.selectFrom(ids.as('matched')).crossJoin('gateImages').whereRef('gateImages.id', '=', 'matched.imageId') : db.selectFrom('gateImages');
  let q = (options.facets ? images.leftJoin('gateImageFacets', 'gateImageFacets.imageId', 'gateImages.id') : images) as unknown as Filtered;
  if (query.teams) q = q.where('gateImages.team', 'in', query.teams.length > 0 ? [...query.teams] : ['']);
  if (query.states && query.states.length > 0) q = q.where('gateImages.state', 'in', [...query.states]);
  if (query.repository) q = q.where('gateImages.repository', '=', query.repository);
  if (query.text) q = q.where(sql<boolean>`${sql.ref('gateImages.repository')} like ${`%${escapeLike(query.text)}%`} escape ${LIKE_ESCAPE}`);
  if (query.severity) {
    const rank = SEVERITY_RANK[query.severity] ?? 0;
    // For the page's ids the comparison is wrapped in coalesce(…, -1): the same test for a left join (an image without
    // facets never matches), but one SQLite does not turn into an inner join. So gate_images stays the outer table,
    // read from its (received_at, id) index, and sorting by received_at reads no table row; as an inner join SQLite
    // starts from the facets and reads each image's row for received_at, past its stored evaluation (5 times slower
    // for "at least critical" over 10,000 images). The count needs no received_at and keeps the plain comparison.
    q = options.imagesOuter ? q.where((eb) => eb(eb.fn.coalesce('gateImageFacets.maxSeverity', eb.lit(-1)), '>=', rank)) : q.where('gateImageFacets.maxSeverity', '>=', rank);
  }
  if (query.receivedAfter !== undefined) q = q.where('gateImages.receivedAt', '>=', query.receivedAfter);
  if (query.receivedBefore !== undefined) q = q.where('gateImages.receivedAt', '<', query.receivedBefore);
  return q;
}

/** Ids of the images with an open finding known by the vulnerability id and a package of the name, each once; undefined when neither filter is given. */
function matchingIds(db: Kysely<Database>, query: ImageQuery) {
  const vulnerable = query.vulnerability
    ? db.selectFrom('gateImageFindings').select('gateImageFindings.imageId').where('gateImageFindings.identifier', '=', query.vulnerability).where('gateImageFindings.resolvedAt', 'is', null)
    : undefined;
  const containing = query.package ? db.selectFrom('gateImagePackages').select('gateImagePackages.imageId').where('gateImagePackages.packageName', '=', query.package) : undefined;
  // INTERSECT returns distinct rows; a lone set needs DISTINCT (an image has one finding row per package and identifier).
  if (vulnerable && containing) return vulnerable.intersect(containing);
  return (vulnerable ?? containing)?.distinct();
}

function escapeLike(text: string): string {
  return text.replace(/[%_\\]/g, (c) => `${LIKE_ESCAPE}${c}`);
}

const LIKE_ESCAPE = '\\';
