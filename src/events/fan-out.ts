/**
 * Fan-out: turns undispatched outbox events into one delivery per matching
 * active subscription, and marks the events dispatched, in one transaction —
 * so an event is fanned out exactly once even if the worker dies half-way.
 */
import { randomUUID } from 'node:crypto';
import type { Insertable, Kysely } from 'kysely';
import type { Database, SqlDialectName } from '../db/index.js';
import { toSubscription, wantsEvent } from './subscription.js';

const INSERT_CHUNK = 200;

/** @returns how many outbox events were dispatched (fewer than `batchSize` means the outbox is drained). */
export async function fanOut(database: { db: Kysely<Database>; dialect: SqlDialectName }, now: number, batchSize: number): Promise<number> {
  return database.db.transaction().execute(async (trx) => {
    // The UPDATE comes first so SQLite takes its write lock before reading;
    // on PostgreSQL SKIP LOCKED lets replicas fan out disjoint batches.
    const events = await trx
      .updateTable('outboxEvents')
      .set({ dispatchedAt: now })
      .where('id', 'in', (eb) => {
        const pick = eb.selectFrom('outboxEvents').select('id').where('dispatchedAt', 'is', null).orderBy('time').orderBy('id').limit(batchSize);
        return database.dialect === 'postgres' ? pick.forUpdate().skipLocked() : pick;
      })
      .returning(['id', 'type', 'team', 'time'])
      .execute();
    if (events.length === 0) return 0;
    const subscriptions = (await trx.selectFrom('webhookSubscriptions').selectAll().where('deactivatedAt', 'is', null).execute()).map(toSubscription);
    const deliveries: Insertable<Database['webhookDeliveries']>[] = [];
    for (const event of events.sort((a, b) => a.time - b.time || a.id.localeCompare(b.id))) {
      for (const subscription of subscriptions) {
        if (!wantsEvent(subscription, event)) continue;
        deliveries.push({
          id: randomUUID(),
          webhookId: subscription.id,
          eventId: event.id,
          status: 'pending',
          attempts: 0,
          nextAttemptAt: now,
          createdAt: now,
          updatedAt: now,
        });
      }
    }
    for (let start = 0; start < deliveries.length; start += INSERT_CHUNK) {
      await trx
        .insertInto('webhookDeliveries')
        .values(deliveries.slice(start, start + INSERT_CHUNK))
        .onConflict((conflict) => conflict.columns(['webhookId', 'eventId']).doNothing())
        .execute();
    }
    return events.length;
  });
}
