/** The transactional outbox and the fan-out, on SQLite and PostgreSQL. */
import { describe, expect, it } from 'vitest';
import { EventError } from './errors.js';
import { eventTestContext } from './event-database-harness.js';
import { fanOut } from './fan-out.js';
import { EventOutbox, type NewEvent } from './outbox.js';
import { WebhookStore } from './webhook-store.js';

const SECRET = 'a-long-enough-test-secret';

describe.each(['sqlite', 'postgres'] as const)('the event outbox (%s)', (engine) => {
  const context = eventTestContext(engine);

  it('keeps an event when its transaction commits and drops it when it rolls back', async () => {
    const { db } = context.database;
    const kept = await db.transaction().execute((trx) => EventOutbox.append(trx, { type: 'image.approved', subject: 's', team: 't', data: { a: [1, 'two'] } }, () => 42));
    expect(kept).toMatchObject({ type: 'image.approved', subject: 's', team: 't', time: 42, data: { a: [1, 'two'] }, dispatchedAt: null });
    await expect(
      db.transaction().execute(async (trx) => {
        await EventOutbox.append(trx, { type: 'image.rejected', id: 'rolled-back' });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    const rows = await db.selectFrom('outboxEvents').selectAll().execute();
    expect(rows).toEqual([{ id: kept.id, type: 'image.approved', subject: 's', team: 't', time: 42, data: '{"a":[1,"two"]}', dispatchedAt: null }]);
    expect(await EventOutbox.countUndispatched(db)).toBe(1);
  });

  it('refuses unknown types and data that is not JSON', async () => {
    const { db } = context.database;
    const unknownType = await EventOutbox.append(db, { type: 'image.pushed' } as unknown as NewEvent).catch((error: unknown) => error);
    expect(unknownType).toBeInstanceOf(EventError);
    expect(unknownType).toMatchObject({ code: 'INVALID_EVENT', status: 400 });
    await expect(EventOutbox.append(db, { type: 'scan.started', data: { size: 1n } })).rejects.toMatchObject({ code: 'INVALID_EVENT' });
    expect(await EventOutbox.countUndispatched(db)).toBe(0);
  });

  it('fans each event out once, to matching active subscriptions only', async () => {
    const { db } = context.database;
    const store = new WebhookStore(db);
    const everything = await store.create({ url: 'http://127.0.0.1:9/all', secret: SECRET, createdBy: 'alice' });
    const scans = await store.create({ url: 'http://127.0.0.1:9/scans', secret: SECRET, eventTypes: ['scan.completed'], createdBy: 'alice' });
    const off = await store.create({ url: 'http://127.0.0.1:9/off', secret: SECRET, createdBy: 'alice' });
    await store.deactivate(off.id);
    for (let i = 0; i < 5; i += 1) await EventOutbox.append(db, { type: i % 2 ? 'scan.completed' : 'scan.started', subject: String(i), time: i });
    expect(await fanOut(context.database, 1_000, 3)).toBe(3);
    expect(await fanOut(context.database, 1_000, 3)).toBe(2);
    expect(await fanOut(context.database, 1_000, 3)).toBe(0);
    expect(await EventOutbox.countUndispatched(db)).toBe(0);
    const deliveries = await db.selectFrom('webhookDeliveries').selectAll().execute();
    expect(deliveries.filter((d) => d.webhookId === everything.id)).toHaveLength(5);
    expect(deliveries.filter((d) => d.webhookId === scans.id)).toHaveLength(2);
    expect(deliveries.filter((d) => d.webhookId === off.id)).toHaveLength(0);
    expect(deliveries.every((d) => d.status === 'pending' && d.attempts === 0 && d.nextAttemptAt === 1_000)).toBe(true);
  });
});
