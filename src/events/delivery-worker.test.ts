/** Webhook delivery against real HTTP receivers on loopback, on SQLite and PostgreSQL. */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/index.js';
import { eventTestContext } from './event-database-harness.js';
import { EventOutbox, type NewEvent } from './outbox.js';
import { verifySignature } from './signature.js';
import { WebhookStore } from './webhook-store.js';
import { WebhookReceiver, delay, never, unusedPort, waitFor } from './webhook-receiver-harness.js';

const SECRET = 'a-long-enough-test-secret';

async function append(database: DatabaseHandle, event: NewEvent): Promise<string> {
  const { id } = await database.db.transaction().execute((trx) => EventOutbox.append(trx, event));
  return id;
}

describe.each(['sqlite', 'postgres'] as const)('webhook delivery (%s)', (engine) => {
  const context = eventTestContext(engine);
  const store = (): WebhookStore => new WebhookStore(context.database.db);
  const deliveriesOf = async (webhookId: string) => (await store().deliveries({ webhookId })).deliveries;

  it('POSTs a signed CloudEvents 1.0 structured-mode request', async () => {
    const receiver = context.track(await WebhookReceiver.start());
    const webhook = await store().create({ url: receiver.url, secret: SECRET, createdBy: 'alice' });
    const worker = context.worker();
    worker.start();
    const time = Date.UTC(2025, 0, 2, 3, 4, 5, 678);
    const data = { digest: 'sha256:abc', verdict: 'pass', reasons: ['no findings'], nested: { n: 1, ok: true } };
    const id = await append(context.database, { type: 'image.approved', subject: 'payments/api@sha256:abc', team: 'payments', time, data });
    worker.notify();
    const [request] = await waitFor('the request', () => (receiver.requests.length > 0 ? receiver.requests : undefined));
    const [delivery] = await waitFor('the delivery', async () => ((await deliveriesOf(webhook.id))[0]?.status === 'delivered' ? deliveriesOf(webhook.id) : undefined));

    expect(request?.headers['content-type']).toBe('application/cloudevents+json');
    const signature = request?.headers['x-airlock-signature'] as string;
    expect(signature).toBe(`sha256=${createHmac('sha256', SECRET).update(request!.rawBody).digest('hex')}`);
    expect(verifySignature(SECRET, request!.rawBody, signature)).toBe(true);
    expect(verifySignature('another-secret-of-16+', request!.rawBody, signature)).toBe(false);
    expect(request?.headers['x-airlock-event-type']).toBe('image.approved');
    expect(request?.headers['x-airlock-delivery']).toBe(delivery?.id);
    expect(request?.event).toEqual({
      specversion: '1.0',
      id,
      source: 'https://airlock.test',
      type: 'image.approved',
      subject: 'payments/api@sha256:abc',
      time: '2025-01-02T03:04:05.678Z',
      datacontenttype: 'application/json',
      team: 'payments',
      data,
    });
    expect(delivery).toMatchObject({ eventId: id, eventType: 'image.approved', attempts: 1, lastResponseStatus: 200, lastError: null, nextAttemptAt: null });
    expect(await store().attempts(delivery!.id)).toMatchObject([{ attempt: 1, responseStatus: 200, succeeded: true }]);
  });

  it('delivers only what each active subscription asks for, by type and by team', async () => {
    const receivers = await Promise.all([1, 2, 3, 4, 5].map(async () => context.track(await WebhookReceiver.start())));
    const [all, approved, payments, rejectedPayments, inactive] = receivers as [WebhookReceiver, WebhookReceiver, WebhookReceiver, WebhookReceiver, WebhookReceiver];
    await store().create({ url: all.url, secret: SECRET, createdBy: 'alice' });
    await store().create({ url: approved.url, secret: SECRET, eventTypes: ['image.approved'], createdBy: 'alice' });
    await store().create({ url: payments.url, secret: SECRET, teams: ['payments'], createdBy: 'alice' });
    await store().create({ url: rejectedPayments.url, secret: SECRET, eventTypes: ['image.rejected', 'image.revoked'], teams: ['payments', 'ledger'], createdBy: 'alice' });
    const off = await store().create({ url: inactive.url, secret: SECRET, createdBy: 'alice' });
    await store().deactivate(off.id);
    const worker = context.worker();
    worker.start();
    await append(context.database, { type: 'image.approved', team: 'payments', subject: 'a' });
    await append(context.database, { type: 'image.approved', team: 'web', subject: 'b' });
    await append(context.database, { type: 'image.rejected', team: 'payments', subject: 'c' });
    await append(context.database, { type: 'image.rejected', team: 'web', subject: 'd' });
    await append(context.database, { type: 'policy.changed', subject: 'e' });
    worker.notify();
    await waitFor('every delivery', async () => {
      const page = await store().deliveries({ limit: 500 });
      return all.requests.length === 5 && page.deliveries.every((d) => d.status === 'delivered') ? page : undefined;
    });
    const subjects = (receiver: WebhookReceiver) => receiver.requests.map((r) => r.event.subject).sort();
    expect(subjects(all)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(subjects(approved)).toEqual(['a', 'b']);
    expect(subjects(payments)).toEqual(['a', 'c']);
    expect(subjects(rejectedPayments)).toEqual(['c']);
    expect(subjects(inactive)).toEqual([]);
    expect((await store().deliveries({ webhookId: off.id })).deliveries).toEqual([]);
  });

  it('retries a receiver that answers 500, and logs both attempts', async () => {
    const receiver = context.track(await WebhookReceiver.start((_request, index) => (index === 0 ? 500 : 200)));
    const webhook = await store().create({ url: receiver.url, secret: SECRET, createdBy: 'alice' });
    context.worker().start();
    const id = await append(context.database, { type: 'scan.completed', subject: 'x' });
    const [delivery] = await waitFor('the retried delivery', async () => ((await deliveriesOf(webhook.id))[0]?.status === 'delivered' ? deliveriesOf(webhook.id) : undefined));
    expect(delivery).toMatchObject({ attempts: 2, lastResponseStatus: 200, lastError: null });
    const attempts = await store().attempts(delivery!.id);
    expect(attempts).toMatchObject([
      { attempt: 1, responseStatus: 500, succeeded: false },
      { attempt: 2, responseStatus: 200, succeeded: true, error: null },
    ]);
    expect(attempts[0]?.error).toMatch(/^HTTP 500: status 500 on purpose/);
    expect(receiver.eventIds()).toEqual([id, id]);
    expect(receiver.requests[1]?.rawBody.equals(receiver.requests[0]!.rawBody)).toBe(true);
    expect(receiver.requests.map((r) => r.headers['x-airlock-attempt'])).toEqual(['1', '2']);
  });

  it('keeps trying a receiver that is down, and delivers once it comes up', async () => {
    const port = await unusedPort();
    const webhook = await store().create({ url: `http://127.0.0.1:${port}/hook`, secret: SECRET, createdBy: 'alice' });
    context.worker({ maxAttempts: 100 }).start();
    await append(context.database, { type: 'image.received', subject: 'x' });
    await waitFor('two refused attempts', async () => ((await deliveriesOf(webhook.id))[0]?.attempts ?? 0) >= 2);
    const [failing] = await deliveriesOf(webhook.id);
    expect(failing).toMatchObject({ status: 'failed', lastResponseStatus: null });
    expect(failing?.lastError).toMatch(/ECONNREFUSED/);
    const receiver = context.track(await WebhookReceiver.start(() => 200, port));
    const [delivered] = await waitFor('the delivery', async () => ((await deliveriesOf(webhook.id))[0]?.status === 'delivered' ? deliveriesOf(webhook.id) : undefined));
    expect(receiver.requests).toHaveLength(1);
    const attempts = await store().attempts(delivered!.id);
    expect(attempts.at(-1)).toMatchObject({ responseStatus: 200, succeeded: true });
    expect(attempts.slice(0, -1).every((a) => a.responseStatus === null && /ECONNREFUSED/.test(a.error ?? ''))).toBe(true);
    expect(delivered?.attempts).toBe(attempts.length);
  });

  it('does not let a slow receiver delay another subscription, nor the caller appending events', async () => {
    const slow = context.track(await WebhookReceiver.start(() => never()));
    const fast = context.track(await WebhookReceiver.start());
    const slowHook = await store().create({ url: slow.url, secret: SECRET, createdBy: 'alice' });
    await store().create({ url: fast.url, secret: SECRET, createdBy: 'alice' });
    // Two request slots; without the per-subscription cap the slow receiver would hold both.
    const worker = context.worker({ timeoutMs: 1_000, concurrency: 2, perWebhookConcurrency: 1, maxAttempts: 1, stopTimeoutMs: 100 });
    worker.start();
    for (const subject of ['a', 'b', 'c']) await append(context.database, { type: 'image.at-risk', subject });
    worker.notify();
    await waitFor('the fast receiver', () => fast.requests.length === 3 && slow.requests.length >= 1);
    // With a request hanging, appending still takes no time.
    const appendStarted = Date.now();
    await append(context.database, { type: 'image.at-risk', subject: 'd' });
    expect(Date.now() - appendStarted).toBeLessThan(500);
    worker.notify();
    await waitFor('the fourth event', () => fast.requests.length === 4);
    const [firstTimeout] = await waitFor('a timed-out attempt', async () => {
      const dead = (await store().deliveries({ webhookId: slowHook.id, status: 'dead' })).deliveries;
      return dead.length > 0 ? dead : undefined;
    });
    expect(firstTimeout?.lastError).toBe('timed out after 1000 ms');
    expect(firstTimeout?.lastDurationMs).toBeGreaterThanOrEqual(950);
    const timedOutAt = firstTimeout!.lastAttemptAt! + firstTimeout!.lastDurationMs!;
    expect(fast.requests.every((request) => request.at < timedOutAt)).toBe(true);
  });

  it('gives up after the last attempt and marks the delivery dead', async () => {
    const receiver = context.track(await WebhookReceiver.start(() => 503));
    const webhook = await store().create({ url: receiver.url, secret: SECRET, createdBy: 'alice' });
    context.worker({ maxAttempts: 3 }).start();
    await append(context.database, { type: 'vulnerability.discovered', subject: 'CVE-2024-0001' });
    const [dead] = await waitFor('the dead delivery', async () => ((await deliveriesOf(webhook.id))[0]?.status === 'dead' ? deliveriesOf(webhook.id) : undefined));
    expect(dead).toMatchObject({ attempts: 3, lastResponseStatus: 503, nextAttemptAt: null, deliveredAt: null });
    expect((await store().attempts(dead!.id)).map((a) => a.responseStatus)).toEqual([503, 503, 503]);
    await delay(200);
    expect(receiver.requests).toHaveLength(3);
    expect(context.logs.some((entry) => entry.level === 'warn' && entry.context.delivery === dead!.id)).toBe(true);
  });

  it('never delivers an event whose transaction rolled back', async () => {
    const receiver = context.track(await WebhookReceiver.start());
    await store().create({ url: receiver.url, secret: SECRET, createdBy: 'alice' });
    context.worker().start();
    let rolledBack = '';
    await expect(
      context.database.db.transaction().execute(async (trx) => {
        rolledBack = (await EventOutbox.append(trx, { type: 'image.revoked', subject: 'gone' })).id;
        throw new Error('the state change failed');
      }),
    ).rejects.toThrow('the state change failed');
    const kept = await append(context.database, { type: 'image.revoked', subject: 'kept' });
    await waitFor('the committed event', () => receiver.requests.length >= 1);
    await delay(100);
    expect(receiver.eventIds()).toEqual([kept]);
    expect(rolledBack).not.toBe('');
    expect(await context.database.db.selectFrom('outboxEvents').select('id').where('id', '=', rolledBack).execute()).toEqual([]);
  });

  it('schedules retries with the injected clock: 1 s, then 2 s', async () => {
    const receiver = context.track(await WebhookReceiver.start(() => 500));
    const webhook = await store().create({ url: receiver.url, secret: SECRET, createdBy: 'alice' });
    let now = Date.UTC(2030, 0, 1);
    const worker = context.worker({ clock: () => now, random: () => 0.5, backoff: { baseMs: 1_000, maxMs: 60_000, jitter: 0.5 } });
    worker.start();
    await append(context.database, { type: 'exception.expired', subject: 'x', time: now });
    const first = await waitFor('the first attempt', async () => (await deliveriesOf(webhook.id)).find((d) => d.attempts === 1));
    expect(first).toMatchObject({ status: 'failed', nextAttemptAt: now + 1_000 });
    await delay(150);
    expect(receiver.requests).toHaveLength(1);
    now += 1_000;
    worker.notify();
    const second = await waitFor('the second attempt', async () => (await deliveriesOf(webhook.id)).find((d) => d.attempts === 2));
    expect(second).toMatchObject({ status: 'failed', nextAttemptAt: now + 2_000 });
    expect(receiver.requests).toHaveLength(2);
  });
});
