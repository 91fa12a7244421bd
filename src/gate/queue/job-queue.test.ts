import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../db/index.js';
import { createPostgresDatabase } from '../../../test/helpers/test-database.js';
import { JobQueue } from './job-queue.js';

describe.each(['sqlite', 'postgres'] as const)('JobQueue (%s)', (engine) => {
  let dir: string;
  let database: DatabaseHandle;
  let now = 1_000_000;
  const queue = () => new JobQueue(database.db, database.dialect, () => now, { leaseMs: 10_000, backoffMs: 1000, maxBackoffMs: 8000 });

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'airlock-queue-'));
    database = await openDatabase(engine === 'postgres' ? await createPostgresDatabase() : path.join(dir, 'q.db'));
  });
  afterAll(async () => {
    await database.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('runs one job per dedupe key while it is active, and a new one after it is done', async () => {
    const jobs = queue();
    const first = await jobs.enqueue({ kind: 'analyse', payload: { n: 1 }, dedupeKey: 'image-1' });
    expect(await jobs.enqueue({ kind: 'analyse', payload: { n: 2 }, dedupeKey: 'image-1' })).toBe(first);
    const claimed = await jobs.claim('w1', ['analyse']);
    expect(claimed).toMatchObject({ id: first, payload: { n: 1 }, attempts: 1 });
    expect(await jobs.enqueue({ kind: 'analyse', payload: { n: 3 }, dedupeKey: 'image-1' })).toBe(first);
    await jobs.complete(first);
    expect(await jobs.enqueue({ kind: 'analyse', payload: { n: 4 }, dedupeKey: 'image-1' })).not.toBe(first);
    expect(await jobs.claim('w1', ['other-kind'])).toBeUndefined();
    await jobs.complete((await jobs.claim('w1', ['analyse']))!.id);
  });

  it('retries a failed job with growing backoff, then gives up', async () => {
    const jobs = queue();
    const id = await jobs.enqueue({ kind: 'retry', payload: null, maxAttempts: 3 });
    let job = await jobs.claim('w', ['retry']);
    expect(await jobs.fail(job!, 'boom 1')).toBe(true);
    expect(await jobs.claim('w', ['retry'])).toBeUndefined();
    now += 1000;
    job = await jobs.claim('w', ['retry']);
    expect(job?.attempts).toBe(2);
    expect(await jobs.fail(job!, 'boom 2')).toBe(true);
    now += 1999;
    expect(await jobs.claim('w', ['retry'])).toBeUndefined();
    now += 1;
    job = await jobs.claim('w', ['retry']);
    expect(await jobs.fail(job!, 'boom 3')).toBe(false);
    now += 100_000;
    expect(await jobs.claim('w', ['retry'])).toBeUndefined();
    const row = await database.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ state: 'failed', lastError: 'boom 3', attempts: 3 });
  });

  it('gives a job whose worker died to another worker once its lease runs out', async () => {
    const jobs = queue();
    const id = await jobs.enqueue({ kind: 'lease', payload: null });
    expect((await jobs.claim('dead-worker', ['lease']))?.id).toBe(id);
    expect(await jobs.claim('other', ['lease'])).toBeUndefined();
    now += 10_001;
    const retaken = await jobs.claim('other', ['lease']);
    expect(retaken).toMatchObject({ id, attempts: 2 });
    await jobs.complete(id);
  });

  it('hands each job to exactly one of many concurrent claimers', async () => {
    const jobs = queue();
    const ids = await Promise.all(Array.from({ length: 20 }, (_, i) => jobs.enqueue({ kind: 'race', payload: i })));
    const claimed = (await Promise.all(Array.from({ length: 40 }, (_, i) => jobs.claim(`w${i}`, ['race'])))).filter((job) => job !== undefined);
    expect(claimed.map((job) => job.id).sort()).toEqual([...ids].sort());
  });
});
