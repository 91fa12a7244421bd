/**
 * At-least-once across restarts and replicas: nothing appended is lost when a
 * worker stops or dies, and concurrent workers do not take the same delivery.
 */
import { describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/index.js';
import { eventTestContext } from './event-database-harness.js';
import { EventOutbox } from './outbox.js';
import { WebhookStore } from './webhook-store.js';
import { WebhookReceiver, delay, never, waitFor } from './webhook-receiver-harness.js';

const SECRET = 'a-long-enough-test-secret';

async function appendMany(database: DatabaseHandle, count: number, prefix: string): Promise<string[]> {
  return database.db.transaction().execute(async (trx) => {
    const ids: string[] = [];
    for (let i = 0; i < count; i += 1) ids.push((await EventOutbox.append(trx, { type: 'scan.started', subject: `${prefix}-${i}` })).id);
    return ids;
  });
}

async function allDelivered(database: DatabaseHandle, expected: number): Promise<boolean> {
  const rows = await database.db.selectFrom('webhookDeliveries').select('status').execute();
  return rows.length === expected && rows.every((row) => row.status === 'delivered');
}

function counts(ids: string[]): Map<string, number> {
  const result = new Map<string, number>();
  for (const id of ids) result.set(id, (result.get(id) ?? 0) + 1);
  return result;
}

describe.each(['sqlite', 'postgres'] as const)('delivery across restarts (%s)', (engine) => {
  const context = eventTestContext(engine);

  it('a stopped worker finishes what it started; a new process delivers the rest and what was appended meanwhile, once each', async () => {
    const receiver = context.track(await WebhookReceiver.start(() => delay(40).then(() => 200)));
    await new WebhookStore(context.database.db).create({ url: receiver.url, secret: SECRET, createdBy: 'alice' });
    const first = await context.open();
    const ids = await appendMany(first, 12, 'before');
    const workerA = context.worker({ database: first, concurrency: 2 });
    workerA.start();
    await waitFor('some deliveries', () => receiver.requests.length >= 3);
    await workerA.stop();
    const seenAtStop = receiver.requests.length;
    expect(seenAtStop).toBeLessThan(12);
    // Written while no worker runs, then the process goes away.
    ids.push(...(await appendMany(first, 5, 'between')));
    await first.close();
    await delay(100);
    expect(receiver.requests).toHaveLength(seenAtStop);

    const second = await context.open();
    context.worker({ database: second, concurrency: 4 }).start();
    await waitFor('every delivery', () => allDelivered(second, 17));
    expect([...counts(receiver.eventIds())].sort()).toEqual(ids.map((id) => [id, 1]).sort());
  });

  it('a delivery in flight when its worker dies is retried by the next worker once the lease ends', async () => {
    const receiver = context.track(await WebhookReceiver.start((_request, index) => (index === 0 ? never() : 200)));
    await new WebhookStore(context.database.db).create({ url: receiver.url, secret: SECRET, createdBy: 'alice' });
    const doomed = await context.open();
    const [id] = await appendMany(doomed, 1, 'crash');
    const workerA = context.worker({ database: doomed, timeoutMs: 400, leaseMarginMs: 200, stopTimeoutMs: 10 });
    workerA.start();
    await waitFor('the first request', () => receiver.requests.length === 1);
    // The process dies: its database connection is gone before it can record anything.
    await doomed.close();
    await workerA.stop();

    const survivor = await context.open();
    const started = Date.now();
    context.worker({ database: survivor, timeoutMs: 400, leaseMarginMs: 200 }).start();
    await waitFor('the retried delivery', () => allDelivered(survivor, 1));
    expect(receiver.eventIds()).toEqual([id, id]);
    expect(Date.now() - started).toBeLessThan(1_500);
    const delivery = await survivor.db.selectFrom('webhookDeliveries').selectAll().executeTakeFirstOrThrow();
    expect(delivery).toMatchObject({ attempts: 1, claimToken: null, lastResponseStatus: 200 });
  });

  it('stop() is bounded: a hanging request is aborted and handed back without counting an attempt', async () => {
    let hang = true;
    const receiver = context.track(await WebhookReceiver.start(() => (hang ? never() : 200)));
    await new WebhookStore(context.database.db).create({ url: receiver.url, secret: SECRET, createdBy: 'alice' });
    const [id] = await appendMany(context.database, 1, 'hang');
    // A long timeout and lease: only the hand-back lets the next worker send it promptly.
    const worker = context.worker({ timeoutMs: 60_000, leaseMarginMs: 60_000, stopTimeoutMs: 200 });
    worker.start();
    await waitFor('the hanging request', () => receiver.requests.length === 1);
    const stopping = Date.now();
    await worker.stop();
    expect(Date.now() - stopping).toBeLessThan(1_000);
    const released = await context.database.db.selectFrom('webhookDeliveries').selectAll().executeTakeFirstOrThrow();
    expect(released).toMatchObject({ status: 'pending', attempts: 0, claimToken: null });
    expect(released.nextAttemptAt).toBeLessThanOrEqual(Date.now());
    expect(await context.database.db.selectFrom('webhookDeliveryAttempts').selectAll().execute()).toEqual([]);

    hang = false;
    context.worker({ timeoutMs: 60_000, leaseMarginMs: 60_000 }).start();
    await waitFor('the delivery', () => allDelivered(context.database, 1), 2_000);
    expect(receiver.eventIds()).toEqual([id, id]);
  });
});

describe('replicas on PostgreSQL', () => {
  const context = eventTestContext('postgres');

  it('two workers on separate connections share the work and claim each delivery once', async () => {
    const receiver = context.track(await WebhookReceiver.start(() => delay(10).then(() => 200)));
    await new WebhookStore(context.database.db).create({ url: receiver.url, secret: SECRET, createdBy: 'alice' });
    const [a, b] = [await context.open(), await context.open()];
    const workers = [
      context.worker({ database: a, source: 'worker-a', concurrency: 3, perWebhookConcurrency: 3 }),
      context.worker({ database: b, source: 'worker-b', concurrency: 3, perWebhookConcurrency: 3 }),
    ];
    for (const worker of workers) worker.start();
    const ids: string[] = [];
    for (let batch = 0; batch < 8; batch += 1) {
      ids.push(...(await appendMany(context.database, 5, `batch-${batch}`)));
      for (const worker of workers) worker.notify();
    }
    await waitFor('every delivery', () => allDelivered(context.database, 40));
    expect([...counts(receiver.eventIds())].sort()).toEqual(ids.map((id) => [id, 1]).sort());
    const attempts = await context.database.db.selectFrom('webhookDeliveries').select('attempts').execute();
    expect(attempts.every((row) => row.attempts === 1)).toBe(true);
    const sources = new Set(receiver.requests.map((request) => request.event.source));
    expect(sources).toEqual(new Set(['worker-a', 'worker-b']));
  });
});
