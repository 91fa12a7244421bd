/**
 * Finds audit entries for the dashboard and API: filter by actor, action,
 * target and time, page through with a seq cursor, newest or oldest first.
 */
import { sql, type Expression, type Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import type { AuditEntry } from './audit-entry.js';
import { checkCount, toEntry } from './entry-rows.js';
import { AuditError } from './errors.js';

export const MAX_QUERY_LIMIT = 1000;

export interface AuditQuery {
  /** Exact actor, e.g. `user:alice`. */
  actor?: string;
  /** An action (`image.pushed`) or a dotted family of them (`image` matches `image.pushed`, `image.approved`, …). */
  action?: string;
  /** Targets starting with this text, e.g. `quarantine/acme/` (case-sensitive). */
  targetPrefix?: string;
  /** Entries with time ≥ since (epoch ms). */
  since?: number;
  /** Entries with time < until (epoch ms). */
  until?: number;
  /** newest (default) or oldest first. */
  order?: 'newest' | 'oldest';
  /** The `nextCursor` of the previous page: continue after that entry. */
  cursor?: number;
  /** 1…1000, default 100. */
  limit?: number;
}

export interface AuditPage {
  entries: AuditEntry[];
  /** Pass as `cursor` for the next page; null when this page is the last. */
  nextCursor: number | null;
}

export async function queryAuditLog(db: Kysely<Database>, filter: AuditQuery = {}): Promise<AuditPage> {
  const limit = checkCount('limit', filter.limit ?? 100, MAX_QUERY_LIMIT);
  if (filter.order !== undefined && filter.order !== 'newest' && filter.order !== 'oldest') {
    throw new AuditError('INVALID_QUERY', 'order must be newest or oldest');
  }
  const newestFirst = filter.order !== 'oldest';
  if (filter.cursor !== undefined && !Number.isSafeInteger(filter.cursor)) throw new AuditError('INVALID_QUERY', 'cursor must be a sequence number');
  for (const [name, value] of [['since', filter.since], ['until', filter.until]] as const) {
    if (value !== undefined && !Number.isFinite(value)) throw new AuditError('INVALID_QUERY', `${name} must be epoch milliseconds`);
  }
  let query = db.selectFrom('auditLog').selectAll();
  if (filter.actor !== undefined) query = query.where('actor', '=', filter.actor);
  const action = filter.action;
  if (action !== undefined) query = query.where((eb) => eb.or([eb('action', '=', action), startsWith(eb.ref('action'), `${action}.`)]));
  // substr, not LIKE: SQLite's LIKE ignores case and both treat % and _ as wildcards.
  const targetPrefix = filter.targetPrefix;
  if (targetPrefix !== undefined) query = query.where((eb) => startsWith(eb.ref('target'), targetPrefix));
  if (filter.since !== undefined) query = query.where('time', '>=', filter.since);
  if (filter.until !== undefined) query = query.where('time', '<', filter.until);
  if (filter.cursor !== undefined) query = query.where('seq', newestFirst ? '<' : '>', filter.cursor);
  const rows = await query
    .orderBy('seq', newestFirst ? 'desc' : 'asc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { entries: page.map(toEntry), nextCursor: rows.length > limit && last ? last.seq : null };
}

function startsWith(column: Expression<string | null>, prefix: string): Expression<boolean> {
  return sql<boolean>`substr(${column}, 1, ${prefix.length}) = ${prefix}`;
}
