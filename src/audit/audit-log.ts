/**
 * Appends entries to the hash-chained audit trail. Each entry's hash covers the
 * previous entry's hash, so changing, removing, reordering or inserting an entry
 * breaks the chain where it happened (see verify.ts).
 */
import type { Kysely } from 'kysely';
import type { Database, SqlDialectName } from '../db/index.js';
import { computeEntryHash, GENESIS_HASH, type AuditEntry, type NewAuditEntry } from './audit-entry.js';
import { lockChain } from './chain-lock.js';
import { AuditError } from './errors.js';
import { validateEntry, type ValidEntry } from './validate-entry.js';

/** Milliseconds since the epoch; injected so tests control time. */
export type AuditClock = () => number;

export class AuditLog {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: SqlDialectName,
    private readonly clock: AuditClock = Date.now,
  ) {}

  /**
   * Records one entry. Pass the transaction that makes the change being recorded
   * (`db.transaction().execute((trx) => … auditLog.append(entry, trx))`) and the
   * entry commits or rolls back with it. Appending takes the chain lock until that
   * transaction ends, so append late in a long transaction. On SQLite, never call
   * append without the transaction from inside one: the single connection is busy.
   */
  async append(entry: NewAuditEntry, db?: Kysely<Database>): Promise<AuditEntry> {
    const valid = validateEntry(entry);
    if (db?.isTransaction) return this.appendIn(db, valid);
    return (db ?? this.db).transaction().execute((trx) => this.appendIn(trx, valid));
  }

  private async appendIn(trx: Kysely<Database>, valid: ValidEntry): Promise<AuditEntry> {
    await lockChain(trx, this.dialect);
    const head = await trx.selectFrom('auditLog').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    const time = this.clock();
    if (!Number.isSafeInteger(time) || time < 0) throw new AuditError('INVALID_ENTRY', `the clock returned ${time}, not epoch milliseconds`);
    const { actor, action, target, details } = valid;
    const fields = { seq: (head?.seq ?? 0) + 1, time, actor, action, target, details };
    const prevHash = head?.hash ?? GENESIS_HASH;
    const hash = computeEntryHash(prevHash, fields);
    try {
      await trx.insertInto('auditLog').values({ ...fields, details: valid.detailsJson, prevHash, hash }).execute();
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AuditError('CHAIN_CONFLICT', `audit entry ${fields.seq} was written concurrently; retry the transaction`, { cause: error });
      }
      throw error;
    }
    return { ...fields, prevHash, hash };
  }
}

/** PostgreSQL unique_violation, SQLite primary key / unique constraint. */
function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('code' in error)) return false;
  return error.code === '23505' || error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || error.code === 'SQLITE_CONSTRAINT_UNIQUE';
}
