/**
 * A durable job queue in the main database. A job survives restarts; a failed
 * attempt is retried with backoff; a job whose worker died (its lease ran out)
 * is taken again; two active jobs never share a dedupe key. On PostgreSQL
 * workers in several processes claim with FOR UPDATE SKIP LOCKED; SQLite
 * serialises claims through its single writer.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, JobsTable, SqlDialectName } from '../../db/index.js';


export type JobRow = Selectable<JobsTable>;

export interface EnqueueOptions {
  kind: string;
  payload: unknown;
  /** Jobs with the same key are one job while queued or running. */
  dedupeKey?: string;
  runAfter?: number;
  maxAttempts?: number;
}

export interface Job<P = unknown> {
  id: string;
  kind: string;
  payload: P;
  attempts: number;
  maxAttempts: number;
}

export interface JobQueueOptions {
  /** How long a claimed job is the claimer's before another worker may take it. */
  leaseMs: number;
  /** First retry delay; doubles per attempt up to maxBackoffMs. */
  backoffMs: number;
  maxBackoffMs: number;
}

export class JobQueue {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: SqlDialectName,
    private readonly clock: () => number,
    private readonly options: JobQueueOptions,
  ) {}

  /** @returns the id of the new job, or of the active job that already has the key. */
  async enqueue(options: EnqueueOptions, db: Kysely<Database> = this.db): Promise<string> {
    const now = this.clock();
    if (options.dedupeKey) {
      const active = await db.selectFrom('jobs').select('id').where('dedupeKey', '=', options.dedupeKey).where('state', 'in', ['queued', 'running']).executeTakeFirst();
      if (active) return active.id;
    }
    const id = randomUUID();
    await db
      .insertInto('jobs')
      .values({
        id,
        kind: options.kind,
        dedupeKey: options.dedupeKey ?? null,
        payload: JSON.stringify(options.payload ?? null),
        state: 'queued',
        attempts: 0,
        maxAttempts: options.maxAttempts ?? 5,
        runAfter: options.runAfter ?? now,
        lockedBy: null,
        lockedUntil: null,
        lastError: null,
        createdAt: now,
        updatedAt: now,
      })
      .onConflict((c) => c.doNothing())
      .execute();
    return id;
  }

  /** Takes the oldest due job of these kinds (or one whose worker died), leasing it to `worker`. */
  async claim(worker: string, kinds: readonly string[]): Promise<Job | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const now = this.clock();
      let query = trx
        .selectFrom('jobs')
        .selectAll()
        .where('kind', 'in', [...kinds])
        .where((eb) => eb.or([eb.and([eb('state', '=', 'queued'), eb('runAfter', '<=', now)]), eb.and([eb('state', '=', 'running'), eb('lockedUntil', '<', now)])]))
        .orderBy('runAfter')
        .limit(1);
      if (this.dialect === 'postgres') query = query.modifyEnd(sql`for update skip locked`);
      const row = await query.executeTakeFirst();
      if (!row) return undefined;
      await trx
        .updateTable('jobs')
        .set({ state: 'running', lockedBy: worker, lockedUntil: now + this.options.leaseMs, attempts: row.attempts + 1, updatedAt: now })
        .where('id', '=', row.id)
        .execute();
      return { id: row.id, kind: row.kind, payload: JSON.parse(row.payload) as unknown, attempts: row.attempts + 1, maxAttempts: row.maxAttempts };
    });
  }

  /** Extends the lease of a long job. */
  async heartbeat(id: string, worker: string): Promise<void> {
    await this.db.updateTable('jobs').set({ lockedUntil: this.clock() + this.options.leaseMs }).where('id', '=', id).where('lockedBy', '=', worker).execute();
  }

  async complete(id: string, db: Kysely<Database> = this.db): Promise<void> {
    await db.updateTable('jobs').set({ state: 'done', lockedBy: null, lockedUntil: null, updatedAt: this.clock() }).where('id', '=', id).execute();
  }

  /** Records a failed attempt: retried later with backoff, or failed for good after the last attempt. @returns whether it will be retried. */
  async fail(job: Job, error: string): Promise<boolean> {
    const now = this.clock();
    const retry = job.attempts < job.maxAttempts;
    const delay = Math.min(this.options.backoffMs * 2 ** (job.attempts - 1), this.options.maxBackoffMs);
    await this.db
      .updateTable('jobs')
      .set({ state: retry ? 'queued' : 'failed', runAfter: now + delay, lockedBy: null, lockedUntil: null, lastError: error.slice(0, 4000), updatedAt: now })
      .where('id', '=', job.id)
      .execute();
    return retry;
  }

  async stats(): Promise<Record<string, number>> {
    const rows = await this.db.selectFrom('jobs').select(['state', (eb) => eb.fn.countAll<number>().as('count')]).groupBy('state').execute();
    return Object.fromEntries(rows.map((row) => [row.state, Number(row.count)]));
  }
}
