/**
 * Walks the whole audit trail in sequence order and checks every link:
 * sequence numbers contiguous from 1, each prevHash equal to the previous
 * entry's hash, each hash recomputed from the entry's fields. Stops at the
 * first break and says where and why. A chain alone cannot show that entries
 * were cut off the end; compare `head` with one recorded earlier (`anchor`).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import { computeEntryHash, GENESIS_HASH } from './audit-entry.js';
import type { JsonObject } from './canonical-json.js';
import { checkCount, entryRows, parseDetails, type AuditLogRow } from './entry-rows.js';
import { AuditError } from './errors.js';

/**
 * missing: entries were removed (the sequence jumps);
 * unexpected-seq: a sequence number that cannot follow the previous one (≤ it, or the log not starting at 1);
 * inserted: the entry after this one links past it, so this one was put in between;
 * broken-link: prevHash is not the previous entry's hash (moved, replaced or rewritten entries);
 * hash-mismatch: the stored hash is not the hash of the entry's fields (the entry or its hash was changed);
 * malformed: the entry cannot be read (details not a JSON object);
 * anchor-mismatch: the entry recorded as an anchor is gone or has another hash.
 */
export type AuditBreak = 'missing' | 'unexpected-seq' | 'inserted' | 'broken-link' | 'hash-mismatch' | 'malformed' | 'anchor-mismatch';

export interface AuditVerification {
  ok: boolean;
  /** Entries checked and found intact (all of them when ok). */
  entries: number;
  /** The last intact entry: record it somewhere else to detect a truncated log later. */
  head: { seq: number; hash: string } | null;
  firstBad?: { seq: number; reason: AuditBreak; message: string };
}

export interface VerifyOptions {
  /** Entries read per query (default 500). */
  batchSize?: number;
  /** A head recorded earlier: the log must still hold this entry with this hash. */
  anchor?: { seq: number; hash: string };
}

export async function verifyAuditLog(db: Kysely<Database>, options: VerifyOptions = {}): Promise<AuditVerification> {
  const batchSize = checkCount('batchSize', options.batchSize ?? 500, 10_000);
  let previous: AuditLogRow | undefined;
  let beforePrevious: AuditLogRow | undefined;
  let entries = 0;
  const result = (firstBad?: AuditVerification['firstBad']): AuditVerification => {
    const head = previous ? { seq: previous.seq, hash: previous.hash } : null;
    return firstBad ? { ok: false, entries, head, firstBad } : { ok: true, entries, head };
  };
  for await (const row of entryRows(db, { batchSize })) {
    const bad = checkLink(row, previous, beforePrevious) ?? checkHash(row);
    if (bad) return result(bad);
    beforePrevious = previous;
    previous = row;
    entries += 1;
  }
  const anchor = options.anchor;
  if (anchor && !(previous && previous.seq >= anchor.seq && (await anchorHolds(db, anchor)))) {
    return result({ seq: anchor.seq, reason: 'anchor-mismatch', message: `entry ${anchor.seq} is no longer in the log with hash ${anchor.hash}` });
  }
  return result();
}

type Break = NonNullable<AuditVerification['firstBad']>;

function checkLink(row: AuditLogRow, previous: AuditLogRow | undefined, beforePrevious: AuditLogRow | undefined): Break | undefined {
  const expected = (previous?.seq ?? 0) + 1;
  if (row.seq > expected) {
    const missing = row.seq - expected === 1 ? `entry ${expected} is` : `entries ${expected}–${row.seq - 1} are`;
    return { seq: expected, reason: 'missing', message: `${missing} missing: the log goes from ${expected - 1} to ${row.seq}` };
  }
  if (row.seq < expected) {
    return { seq: row.seq, reason: 'unexpected-seq', message: `entry ${row.seq} cannot follow ${expected - 1}: the log starts at 1 and counts up by one` };
  }
  const previousHash = previous?.hash ?? GENESIS_HASH;
  if (row.prevHash === previousHash) return undefined;
  if (previous && beforePrevious && row.prevHash === beforePrevious.hash) {
    return { seq: previous.seq, reason: 'inserted', message: `entry ${previous.seq} was inserted: entry ${row.seq} links to entry ${beforePrevious.seq}` };
  }
  const what = previous ? `the hash of entry ${previous.seq}` : 'the genesis hash';
  return { seq: row.seq, reason: 'broken-link', message: `entry ${row.seq} has prevHash ${row.prevHash}, not ${what}` };
}

function checkHash(row: AuditLogRow): Break | undefined {
  let details: JsonObject;
  try {
    details = parseDetails(row);
  } catch (error) {
    if (!(error instanceof AuditError)) throw error;
    return { seq: row.seq, reason: 'malformed', message: error.message };
  }
  const hash = computeEntryHash(row.prevHash, { seq: row.seq, time: row.time, actor: row.actor, action: row.action, target: row.target, details });
  if (hash === row.hash) return undefined;
  return { seq: row.seq, reason: 'hash-mismatch', message: `entry ${row.seq} does not hash to its stored hash: its contents or its hash were changed` };
}

async function anchorHolds(db: Kysely<Database>, anchor: { seq: number; hash: string }): Promise<boolean> {
  const row = await db.selectFrom('auditLog').select('hash').where('seq', '=', anchor.seq).executeTakeFirst();
  return row?.hash === anchor.hash;
}
