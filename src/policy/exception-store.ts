/**
 * Exceptions in the database. Rows are never deleted: revoking sets
 * revokedAt/revokedBy and expiry is a time, so the list of what was accepted,
 * by whom and until when stays complete for audits. The clock is passed in.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Database, ExceptionsTable } from '../db/index.js';
import { validateNewException, type ExceptionScope, type ExceptionStatus, type NewException, type PolicyException, type VexJustification } from './exception.js';
import { PolicyError } from './policy-error.js';

export interface ExceptionFilter {
  /** At the store's clock; `all` (the default) lists every exception. */
  status?: ExceptionStatus | 'all';
  scope?: ExceptionScope;
  /** Matches the exception's vulnerability or one of its aliases, ignoring case. */
  vulnerability?: string;
}

export class ExceptionStore {
  /** `db` may be a transaction: every method then runs in it (the API writes audit entry and event alongside). */
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: () => number,
  ) {}

  async list(filter: ExceptionFilter = {}): Promise<PolicyException[]> {
    const now = this.clock();
    let query = this.db.selectFrom('exceptions').selectAll();
    if (filter.status === 'active') query = query.where('revokedAt', 'is', null).where('expiresAt', '>', now);
    if (filter.status === 'expired') query = query.where('revokedAt', 'is', null).where('expiresAt', '<=', now);
    if (filter.status === 'revoked') query = query.where('revokedAt', 'is not', null);
    if (filter.scope !== undefined) query = query.where('scope', '=', filter.scope);
    const rows = await query.orderBy('createdAt').orderBy('id').execute();
    const exceptions = rows.map(fromRow);
    const wanted = filter.vulnerability?.toUpperCase();
    return wanted === undefined ? exceptions : exceptions.filter((e) => [e.vulnerability, ...e.aliases].some((name) => name.toUpperCase() === wanted));
  }

  /** The exceptions in force now: what an evaluation should be given. */
  active(): Promise<PolicyException[]> {
    return this.list({ status: 'active' });
  }

  async get(id: string): Promise<PolicyException> {
    const row = await this.db.selectFrom('exceptions').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new PolicyError('NOT_FOUND', `exception ${id} does not exist`);
    return fromRow(row);
  }

  async create(input: NewException, actor: string): Promise<PolicyException> {
    const [created] = await this.createMany([input], actor);
    return created as PolicyException;
  }

  /** Creates all or none (an OpenVEX import is one decision); problems name the input's index. */
  async createMany(inputs: readonly NewException[], actor: string): Promise<PolicyException[]> {
    const createdBy = requireActor(actor);
    const now = this.clock();
    const problems: string[] = [];
    const issues: Array<{ index: number; field: string; code: string; message: string }> = [];
    const exceptions: PolicyException[] = [];
    inputs.forEach((input, index) => {
      const checked = validateNewException(input, now);
      if (!checked.ok) {
        for (const issue of checked.issues) {
          issues.push({ index, ...issue });
          problems.push(`${inputs.length > 1 ? `[${index}] ` : ''}${issue.field}: ${issue.message} (${issue.code})`);
        }
        return;
      }
      exceptions.push({ id: randomUUID(), ...checked.value, createdBy, createdAt: now });
    });
    if (issues.length > 0) throw new PolicyError('EXCEPTION_INVALID', `invalid exception: ${problems.join('; ')}`, { detail: { issues } });
    if (exceptions.length === 0) return [];
    // Inside a caller's transaction (the API's change + audit + event) insert there; Kysely cannot nest transactions.
    const insertAll = async (db: Kysely<Database>) => {
      for (const exception of exceptions) await db.insertInto('exceptions').values(toRow(exception)).execute();
    };
    if (this.db.isTransaction) await insertAll(this.db);
    else await this.db.transaction().execute(insertAll);
    return exceptions;
  }

  /** Revokes an exception now; revoking twice is a CONFLICT naming the first revocation. */
  async revoke(id: string, actor: string): Promise<PolicyException> {
    const revokedBy = requireActor(actor);
    const now = this.clock();
    const updated = await this.db
      .updateTable('exceptions')
      .set({ revokedAt: now, revokedBy })
      .where('id', '=', id)
      .where('revokedAt', 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (updated) return fromRow(updated);
    const existing = await this.get(id);
    throw new PolicyError('CONFLICT', `exception ${id} was already revoked by ${existing.revokedBy ?? 'someone'} at ${new Date(existing.revokedAt ?? 0).toISOString()}`, {
      detail: { revokedAt: existing.revokedAt, revokedBy: existing.revokedBy },
    });
  }

  /**
   * Unrevoked exceptions whose expiry falls in [from, to): the gate schedules a
   * new decision for the images they cover at each expiry.
   */
  async expiringBetween(from: number, to: number): Promise<PolicyException[]> {
    const rows = await this.db
      .selectFrom('exceptions')
      .selectAll()
      .where('revokedAt', 'is', null)
      .where('expiresAt', '>=', from)
      .where('expiresAt', '<', to)
      .orderBy('expiresAt')
      .orderBy('id')
      .execute();
    return rows.map(fromRow);
  }
}

function requireActor(actor: string): string {
  const trimmed = typeof actor === 'string' ? actor.trim() : '';
  if (trimmed === '') throw new PolicyError('EXCEPTION_INVALID', 'an exception change needs the name of who makes it', { detail: { issues: [{ field: 'actor', code: 'REQUIRED' }] } });
  return trimmed;
}

function toRow(exception: PolicyException): ExceptionsTable {
  return {
    id: exception.id,
    vulnerability: exception.vulnerability,
    aliases: JSON.stringify(exception.aliases),
    package: exception.package ?? null,
    scope: exception.scope,
    reason: exception.reason,
    justification: exception.justification ?? null,
    source: exception.source ?? null,
    expiresAt: exception.expiresAt,
    createdBy: exception.createdBy,
    createdAt: exception.createdAt,
    revokedAt: exception.revokedAt ?? null,
    revokedBy: exception.revokedBy ?? null,
  };
}

function fromRow(row: Selectable<ExceptionsTable>): PolicyException {
  const aliases: unknown = JSON.parse(row.aliases);
  return {
    id: row.id,
    vulnerability: row.vulnerability,
    aliases: Array.isArray(aliases) ? aliases.filter((alias): alias is string => typeof alias === 'string') : [],
    ...(row.package === null ? {} : { package: row.package }),
    scope: row.scope as ExceptionScope,
    reason: row.reason,
    ...(row.justification === null ? {} : { justification: row.justification as VexJustification }),
    ...(row.source === null ? {} : { source: row.source }),
    expiresAt: Number(row.expiresAt),
    createdBy: row.createdBy,
    createdAt: Number(row.createdAt),
    ...(row.revokedAt === null ? {} : { revokedAt: Number(row.revokedAt) }),
    ...(row.revokedBy === null ? {} : { revokedBy: row.revokedBy }),
  };
}
