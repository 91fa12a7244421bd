/**
 * A worker that dies after recording a verdict but before marking its job done
 * leaves the job to be taken again: the re-run sees the verdict was recorded
 * after the analysis was asked for, and records nothing twice.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { JobQueue } from '../../src/gate/index.js';
import { startAirlock, type TestAirlock } from '../helpers/airlock.js';
import { skopeo } from '../helpers/skopeo.js';

const layout = path.join(inject('testImagesDir'), 'oci');
type Status = { id: string; state: string; decidedAt?: string };
type Detail = { history: Array<{ state: string }> };

let airlock: TestAirlock;
const status = async () => (await airlock.api<Status>('GET', `/images/status?ref=${encodeURIComponent('quarantine/acme/debian:12')}`)).body;

beforeAll(async () => {
  airlock = await startAirlock({ config: { gate: { workers: 1, pollInterval: '50ms' } } });
  await airlock.createTeam('acme');
  const ci = (await airlock.createToken('acme', 'ci')).token;
  await skopeo(['copy', '--dest-tls-verify=false', '--dest-creds', `ci:${ci}`, `oci:${layout}:debian`, `docker://${airlock.host}/quarantine/acme/debian:12`]);
});
afterAll(() => airlock.close());

describe('an analyse job taken again after its verdict was recorded', () => {
  it('records nothing twice', async () => {
    await expect.poll(async () => (await status()).state, { timeout: 30_000 }).toBe('approved');
    const { id, decidedAt } = await status();
    const before = (await airlock.api<Detail>('GET', `/images/${id}`)).body.history;
    const { db, dialect } = airlock.server.database;
    const queue = new JobQueue(db, dialect, Date.now, { leaseMs: 60_000, backoffMs: 1000, maxBackoffMs: 60_000 });
    // The job as it was queued at push time, before the verdict.
    const job = await queue.enqueue({ kind: 'analyse', payload: { imageId: id, requestedAt: Date.parse(decidedAt ?? '') - 1_000 } });
    await expect.poll(async () => (await db.selectFrom('jobs').select('state').where('id', '=', job).executeTakeFirst())?.state, { timeout: 15_000 }).toBe('done');
    expect((await airlock.api<Detail>('GET', `/images/${id}`)).body.history).toEqual(before);
    expect((await status()).decidedAt).toBe(decidedAt);
  });
});
