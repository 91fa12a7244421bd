/**
 * Exports the audit trail for a SIEM (Elastic, Splunk, …): JSON Lines, one entry
 * per line with its time in ISO 8601, prevHash and hash, read in batches so the
 * export streams however long the log is. Lines can be re-verified outside
 * Airlock with computeEntryHash (time back to epoch ms with Date.parse).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import { checkCount, entryRows, toEntry } from './entry-rows.js';
import { AuditError } from './errors.js';

export type AuditExportFormat = 'jsonl';

export interface AuditExportOptions {
  format: AuditExportFormat;
  /** Entries with time ≥ since (epoch ms). */
  since?: number;
  /** Entries with time < until (epoch ms). */
  until?: number;
  /** Entries read per query (default 500). */
  batchSize?: number;
}

/** Yields one line per entry, each ending in "\n". */
export function exportAuditLog(db: Kysely<Database>, options: AuditExportOptions): AsyncIterable<string> {
  if (options.format !== 'jsonl') throw new AuditError('INVALID_QUERY', `export format "${String(options.format)}" is not supported (use jsonl)`);
  const batchSize = checkCount('batchSize', options.batchSize ?? 500, 10_000);
  return lines(db, { batchSize, since: options.since, until: options.until });
}

async function* lines(db: Kysely<Database>, scan: { batchSize: number; since?: number; until?: number }): AsyncGenerator<string> {
  for await (const row of entryRows(db, scan)) {
    const entry = toEntry(row);
    const line = {
      seq: entry.seq,
      time: new Date(entry.time).toISOString(),
      actor: entry.actor,
      action: entry.action,
      target: entry.target,
      details: entry.details,
      prevHash: entry.prevHash,
      hash: entry.hash,
    };
    yield `${JSON.stringify(line)}\n`;
  }
}
