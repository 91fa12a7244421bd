/** Webhook subscriptions and the delivery log, on SQLite and PostgreSQL. */
import { describe, expect, it } from 'vitest';
import { EventError } from './errors.js';
import { eventTestContext } from './event-database-harness.js';
import { fanOut } from './fan-out.js';
import { EventOutbox } from './outbox.js';
import { WebhookStore, type NewWebhook } from './webhook-store.js';

const SECRET = 'a-long-enough-test-secret';

describe.each(['sqlite', 'postgres'] as const)('webhook subscriptions (%s)', (engine) => {
  const context = eventTestContext(engine);
  const store = (): WebhookStore => new WebhookStore(context.database.db, () => 1_000);

  it('creates subscriptions and never hands out their secrets', async () => {
    const created = await store().create({ url: 'https://hooks.example.com/airlock', secret: SECRET, eventTypes: ['image.approved', 'image.approved'], teams: ['payments'], createdBy: 'alice' });
    expect(created).toEqual({
      id: created.id,
      url: 'https://hooks.example.com/airlock',
      eventTypes: ['image.approved'],
      teams: ['payments'],
      active: true,
      createdBy: 'alice',
      createdAt: 1_000,
      deactivatedAt: null,
    });
    await new WebhookStore(context.database.db, () => 2_000).create({ url: 'http://10.0.0.1:8080/x', secret: SECRET, createdBy: 'bob' });
    const listed = await store().list();
    expect(listed.map((w) => w.createdBy)).toEqual(['alice', 'bob']);
    expect(JSON.stringify([listed, await store().get(created.id)])).not.toContain(SECRET);
    expect(await store().get(created.id)).toEqual(created);
  });

  it('validates the URL, the secret and the event types', async () => {
    const valid: NewWebhook = { url: 'https://hooks.example.com', secret: SECRET, createdBy: 'alice' };
    const invalid: Partial<NewWebhook>[] = [
      { url: 'ftp://hooks.example.com' },
      { url: 'not a url' },
      { url: 'file:///etc/passwd' },
      { secret: 'fifteen-chars!!' },
      { eventTypes: ['image.pushed' as never] },
      { teams: [''] },
      { createdBy: '' },
    ];
    for (const change of invalid) {
      const error = await store().create({ ...valid, ...change }).catch((caught: unknown) => caught);
      expect(error, JSON.stringify(change)).toBeInstanceOf(EventError);
      expect(error).toMatchObject({ code: 'INVALID_WEBHOOK', status: 400 });
    }
    expect(await store().list()).toEqual([]);
    await expect(store().create({ ...valid, secret: 'sixteen-chars!!!' })).resolves.toMatchObject({ active: true });
  });

  it('deactivates, activates and deletes, with the deliveries', async () => {
    const webhook = await store().create({ url: 'https://hooks.example.com', secret: SECRET, createdBy: 'alice' });
    expect(await store().deactivate(webhook.id)).toMatchObject({ active: false, deactivatedAt: 1_000 });
    expect(await store().activate(webhook.id)).toMatchObject({ active: true, deactivatedAt: null });
    await EventOutbox.append(context.database.db, { type: 'policy.changed' });
    await fanOut(context.database, 1, 10);
    expect((await store().deliveries({ webhookId: webhook.id })).deliveries).toHaveLength(1);
    await store().delete(webhook.id);
    expect(await context.database.db.selectFrom('webhookDeliveries').selectAll().execute()).toEqual([]);
    for (const call of [() => store().get(webhook.id), () => store().delete(webhook.id), () => store().deactivate(webhook.id)]) {
      await expect(call()).rejects.toMatchObject({ code: 'WEBHOOK_NOT_FOUND', status: 404 });
    }
  });

  it('pages through the delivery log, newest first, filtered by webhook and status', async () => {
    const { db } = context.database;
    const [a, b] = [await store().create({ url: 'https://a.example.com', secret: SECRET, createdBy: 'alice' }), await store().create({ url: 'https://b.example.com', secret: SECRET, createdBy: 'alice' })];
    for (let i = 0; i < 7; i += 1) {
      await EventOutbox.append(db, { type: 'image.received', subject: String(i) });
      await fanOut(context.database, 100 + i, 10);
    }
    await db.updateTable('webhookDeliveries').set({ status: 'dead', nextAttemptAt: null }).where('webhookId', '=', b.id).where('createdAt', '<', 103).execute();
    const seen: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await store().deliveries({ webhookId: a.id, limit: 3, ...(cursor ? { cursor } : {}) });
      seen.push(...page.deliveries.map((d) => d.createdAt));
      expect(page.deliveries.every((d) => d.webhookId === a.id && d.eventType === 'image.received')).toBe(true);
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([106, 105, 104, 103, 102, 101, 100]);
    expect((await store().deliveries({ webhookId: b.id, status: 'dead' })).deliveries.map((d) => d.createdAt)).toEqual([102, 101, 100]);
    expect((await store().deliveries({ status: 'pending', limit: 500 })).deliveries).toHaveLength(11);
    const newest = (await store().deliveries({ webhookId: b.id, limit: 1 })).deliveries[0];
    expect(newest).toBeDefined();
    expect(await store().delivery(newest?.id ?? '')).toEqual(newest);
    expect(await store().delivery('no-such-delivery')).toBeUndefined();
    await expect(store().deliveries({ cursor: 'garbage' })).rejects.toMatchObject({ code: 'INVALID_QUERY' });
    await expect(store().deliveries({ limit: 0 })).rejects.toMatchObject({ code: 'INVALID_QUERY' });
  });
});
