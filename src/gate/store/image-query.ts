/**
 * The fleet as the dashboard asks for it: images filtered by team, repository,
 * state, severity, vulnerability id, package and age, sorted and paged in the
 * database (never by loading the fleet), each with its severity counts.
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
  const base = filtered(db, query);
  const countRow = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirst();
  const desc = (query.order ?? (query.sort === undefined || query.sort === 'received' || query.sort === 'severity' || query.sort === 'decided' ? 'desc' : 'asc')) === 'desc';
  const direction = desc ? 'desc' : 'asc';
  let rows = base.selectAll('gateImages').select(['gateImageFacets.critical', 'gateImageFacets.high', 'gateImageFacets.medium', 'gateImageFacets.low', 'gateImageFacets.unknown']);
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
  const page = await rows.orderBy('gateImages.receivedAt', direction).orderBy('gateImages.id', direction).limit(query.limit).offset(query.offset).execute();
  return {
    total: Number(countRow?.total ?? 0),
    images: page.map(({ critical, high, medium, low, unknown, ...image }) => ({ ...image, counts: { critical: critical ?? 0, high: high ?? 0, medium: medium ?? 0, low: low ?? 0, unknown: unknown ?? 0 } })),
  };
}

function filtered(db: Kysely<Database>, query: ImageQuery): Filtered {
  let q = db.selectFrom('gateImages').leftJoin('gateImageFacets', 'gateImageFacets.imageId', 'gateImages.id') as unknown as Filtered;
  if (query.teams) q = q.where('gateImages.team', 'in', query.teams.length > 0 ? [...query.teams] : ['']);
  if (query.states && query.states.length > 0) q = q.where('gateImages.state', 'in', [...query.states]);
  if (query.repository) q = q.where('gateImages.repository', '=', query.repository);
  if (query.text) q = q.where(sql<boolean>`${sql.ref('gateImages.repository')} like ${`%${escapeLike(query.text)}%`} escape ${LIKE_ESCAPE}`);
  if (query.severity) q = q.where('gateImageFacets.maxSeverity', '>=', SEVERITY_RANK[query.severity] ?? 0);
  if (query.vulnerability) {
    const id = query.vulnerability;
    q = q.where('gateImages.id', 'in', (eb) => eb.selectFrom('gateImageFindings').select('gateImageFindings.imageId').where('gateImageFindings.identifier', '=', id).where('gateImageFindings.resolvedAt', 'is', null));
  }
  if (query.package) {
    const name = query.package;
    q = q.where('gateImages.id', 'in', (eb) => eb.selectFrom('gateImagePackages').select('gateImagePackages.imageId').where('gateImagePackages.packageName', '=', name));
  }
  if (query.receivedAfter !== undefined) q = q.where('gateImages.receivedAt', '>=', query.receivedAfter);
  if (query.receivedBefore !== undefined) q = q.where('gateImages.receivedAt', '<', query.receivedBefore);
  return q;
}

function escapeLike(text: string): string {
  return text.replace(/[%_\\]/g, (c) => `${LIKE_ESCAPE}${c}`);
}

const LIKE_ESCAPE = '\\';
