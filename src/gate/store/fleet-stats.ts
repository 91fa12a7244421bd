/**
 * Aggregates over the whole fleet for the dashboard's overview and the
 * vulnerability view, computed in the database over the teams a caller sees.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/index.js';

const DAY_MS = 86_400_000;
const SEVERITIES = ['critical', 'high', 'medium', 'low', 'unknown'] as const;

export interface TeamCompliance {
  team: string;
  total: number;
  states: Record<string, number>;
}

export interface TrendPoint {
  /** Start of the day (UTC), epoch ms. */
  day: number;
  critical: number;
  high: number;
  medium: number;
  low: number;
  unknown: number;
}

export interface FleetFinding {
  imageId: string;
  repository: string;
  team: string;
  state: string;
  tags: string[];
  vulnerabilityId: string;
  packageName: string;
  packageType: string;
  installedVersion: string;
  fixedVersion: string | null;
  severity: string;
  excepted: boolean;
  firstSeenAt: number;
}

type Teams = readonly string[] | undefined;

export interface Advisory {
  id: string;
  summary?: string;
  details?: string;
  aliases: string[];
  published?: string;
  modified: string;
  severity?: string;
  references: string[];
}

export class FleetStats {
  constructor(private readonly db: Kysely<Database>) {}

  /** Images per team and state. */
  async compliance(teams: Teams): Promise<TeamCompliance[]> {
    let query = this.db.selectFrom('gateImages').select(['team', 'state', (eb) => eb.fn.countAll<number>().as('count')]).groupBy(['team', 'state']);
    if (teams) query = query.where('team', 'in', teams.length > 0 ? [...teams] : ['']);
    const byTeam = new Map<string, TeamCompliance>();
    for (const row of await query.execute()) {
      const entry = byTeam.get(row.team) ?? { team: row.team, total: 0, states: {} };
      entry.states[row.state] = Number(row.count);
      entry.total += Number(row.count);
      byTeam.set(row.team, entry);
    }
    return [...byTeam.values()].sort((a, b) => a.team.localeCompare(b.team));
  }

  /** Open findings (one per vulnerability and package) at the end of each of the last `days` days. */
  async trend(teams: Teams, days: number, now: number): Promise<TrendPoint[]> {
    const today = Math.floor(now / DAY_MS);
    const first = today - days + 1;
    const base = () => {
      let query = this.db.selectFrom('gateImageFindings').innerJoin('gateImages', 'gateImages.id', 'gateImageFindings.imageId').whereRef('gateImageFindings.identifier', '=', 'gateImageFindings.vulnerabilityId');
      if (teams) query = query.where('gateImages.team', 'in', teams.length > 0 ? [...teams] : ['']);
      return query;
    };
    // Opened and resolved per day; the open count on day d is everything opened up to d minus everything resolved up to d.
    const opened = await base()
      .select(['gateImageFindings.severity as severity', (eb) => eb.fn.countAll<number>().as('count'), (eb) => eb.fn.min('gateImageFindings.firstSeenAt').as('at')])
      .groupBy(['gateImageFindings.severity', (eb) => eb.parens(eb('gateImageFindings.firstSeenAt', '/', DAY_MS))])
      .execute();
    const resolved = await base()
      .where('gateImageFindings.resolvedAt', 'is not', null)
      .select(['gateImageFindings.severity as severity', (eb) => eb.fn.countAll<number>().as('count'), (eb) => eb.fn.min('gateImageFindings.resolvedAt').as('at')])
      .groupBy(['gateImageFindings.severity', (eb) => eb.parens(eb('gateImageFindings.resolvedAt', '/', DAY_MS))])
      .execute();
    const points: TrendPoint[] = [];
    for (let day = first; day <= today; day += 1) points.push({ day: day * DAY_MS, critical: 0, high: 0, medium: 0, low: 0, unknown: 0 });
    const add = (rows: ReadonlyArray<{ severity: string; count: number; at: number | null }>, sign: number) => {
      for (const row of rows) {
        const day = Math.floor(Number(row.at) / DAY_MS);
        const severity = (SEVERITIES as readonly string[]).includes(row.severity) ? (row.severity as (typeof SEVERITIES)[number]) : 'unknown';
        for (const point of points) if (point.day / DAY_MS >= day) point[severity] += sign * Number(row.count);
      }
    };
    add(opened, 1);
    add(resolved, -1);
    return points;
  }

  /** Vulnerabilities found in images after they were approved, newest first: what approved images newly carry. */
  async newestInApproved(teams: Teams, limit: number): Promise<FleetFinding[]> {
    let query = this.findings()
      .where('gateImages.state', 'in', ['approved', 'at-risk', 'revoked'])
      .whereRef('gateImageFindings.firstSeenAt', '>', 'gateImages.approvedAt')
      .where('gateImageFindings.resolvedAt', 'is', null);
    if (teams) query = query.where('gateImages.team', 'in', teams.length > 0 ? [...teams] : ['']);
    return (await query.orderBy('gateImageFindings.firstSeenAt', 'desc').limit(limit).execute()).map(present);
  }

  /** Every image with an open finding known by `id` (or an alias of it). */
  async affectedBy(id: string, teams: Teams, limit: number): Promise<FleetFinding[]> {
    let query = this.db
      .selectFrom('gateImageFindings')
      .innerJoin('gateImages', 'gateImages.id', 'gateImageFindings.imageId')
      .select(FINDING_COLUMNS)
      .where('gateImageFindings.identifier', '=', id)
      .where('gateImageFindings.resolvedAt', 'is', null);
    if (teams) query = query.where('gateImages.team', 'in', teams.length > 0 ? [...teams] : ['']);
    return (await query.orderBy('gateImages.team').orderBy('gateImages.repository').limit(limit).execute()).map(present);
  }

  /** The advisory known by `id`, or the one listing `id` as an alias. */
  async advisory(id: string): Promise<Advisory | undefined> {
    const direct = await this.db.selectFrom('advisories').select(['id', 'summary', 'aliases', 'published', 'modified', 'severityLabel', 'raw']).where('id', '=', id).executeTakeFirst();
    const row = direct ?? (await this.db.selectFrom('advisories').select(['id', 'summary', 'aliases', 'published', 'modified', 'severityLabel', 'raw']).where('aliases', 'like', `%"${id.replace(/[%_"\\]/g, '')}"%`).executeTakeFirst());
    if (!row) return undefined;
    const raw = JSON.parse(row.raw) as { details?: string; references?: Array<{ url?: string }> };
    return {
      id: row.id,
      summary: row.summary ?? undefined,
      details: typeof raw.details === 'string' ? raw.details.slice(0, 4000) : undefined,
      aliases: JSON.parse(row.aliases) as string[],
      published: row.published ?? undefined,
      modified: row.modified,
      severity: row.severityLabel ?? undefined,
      references: (raw.references ?? []).flatMap((reference) => (typeof reference.url === 'string' ? [reference.url] : [])).slice(0, 20),
    };
  }

  private findings() {
    return this.db
      .selectFrom('gateImageFindings')
      .innerJoin('gateImages', 'gateImages.id', 'gateImageFindings.imageId')
      .select(FINDING_COLUMNS)
      .whereRef('gateImageFindings.identifier', '=', 'gateImageFindings.vulnerabilityId');
  }
}

const FINDING_COLUMNS = [
  'gateImages.id as imageId',
  'gateImages.repository as repository',
  'gateImages.team as team',
  'gateImages.state as state',
  'gateImages.tags as tags',
  'gateImageFindings.vulnerabilityId as vulnerabilityId',
  'gateImageFindings.packageName as packageName',
  'gateImageFindings.packageType as packageType',
  'gateImageFindings.installedVersion as installedVersion',
  'gateImageFindings.fixedVersion as fixedVersion',
  'gateImageFindings.severity as severity',
  'gateImageFindings.excepted as excepted',
  'gateImageFindings.firstSeenAt as firstSeenAt',
] as const;

function present(row: { imageId: string; repository: string; team: string; state: string; tags: string; vulnerabilityId: string; packageName: string; packageType: string; installedVersion: string; fixedVersion: string | null; severity: string; excepted: number; firstSeenAt: number }): FleetFinding {
  return { ...row, tags: JSON.parse(row.tags) as string[], excepted: Number(row.excepted) === 1, firstSeenAt: Number(row.firstSeenAt) };
}
