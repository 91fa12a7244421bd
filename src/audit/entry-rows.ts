/**
 * Reads the stored entries in sequence order, a batch at a time (keyset paging
 * on seq), so verify and export run in memory bounded by the batch size however
 * long the log is.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../db/index.js';
import type { AuditEntry } from './audit-entry.js';
import type { JsonObject } from './canonical-json.js';
import { AuditError } from './errors.js';

export type AuditLogRow = Selectable<Database['auditLog']>;

export interface RowScan {
  batchSize: number;
  /** Only entries with time ≥ since (epoch ms). */
  since?: number;
  /** Only entries with time < until (epoch ms). */
  until?: number;
}

export async function* entryRows(db: Kysely<Database>, scan: RowScan): AsyncGenerator<AuditLogRow> {
  let after = Number.MIN_SAFE_INTEGER;
  for (;;) {
    let query = db.selectFrom('auditLog').selectAll().where('seq', '>', after);
    if (scan.since !== undefined) query = query.where('time', '>=', scan.since);
    if (scan.until !== undefined) query = query.where('time', '<', scan.until);
    const rows = await query.orderBy('seq', 'asc').limit(scan.batchSize).execute();
    yield* rows;
    const last = rows.at(-1);
    if (last === undefined || rows.length < scan.batchSize) return;
    after = last.seq;
  }
}

export function toEntry(row: AuditLogRow): AuditEntry {
  return {
    seq: row.seq,
    time: row.time,
    actor: row.actor,
    action: row.action,
    target: row.target,
    details: parseDetails(row),
    prevHash: row.prevHash,
    hash: row.hash,
  };
}

export function parseDetails(row: Pick<AuditLogRow, 'seq' | 'details'>): JsonObject {
  let parsed: unknown;
  try {
    parsed = JSON.parse(row.details);
  } catch (error) {
    throw new AuditError('CORRUPT_ENTRY', `audit entry ${row.seq} has details that are not JSON; run verify`, { cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new AuditError('CORRUPT_ENTRY', `audit entry ${row.seq} has details that are not a JSON object; run verify`);
  }
  return parsed as JsonObject;
}

/** Batch sizes and limits must be whole, positive and bounded. */
export function checkCount(name: string, value: number, max: number): number {
  if (!Number.isSafeInteger(value) || value < 1 || value > max) {
    throw new AuditError('INVALID_QUERY', `${name} must be a whole number from 1 to ${max}`);
  }
  return value;
}
