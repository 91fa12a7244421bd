/**
 * The delivery table's state changes: claiming due deliveries under a lease,
 * recording each attempt's outcome, and releasing a claim on shutdown.
 *
 * A claim moves `next_attempt_at` to the end of a lease (request timeout plus a
 * margin) and stamps a random `claim_token`; nothing is held open while the
 * request runs. If the worker dies, the lease runs out and any worker retries
 * the delivery (at-least-once). Results are written only while the token still
 * matches, so a worker that outlived its lease cannot overwrite a newer claim.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, SqlDialectName } from '../db/index.js';
import type { CloudEventInput } from './cloud-event.js';
import { isEventType } from './event-types.js';

/** pending: never tried; failed: last try failed, retry scheduled; delivered: a 2xx arrived; dead: gave up. */
export const DELIVERY_STATUSES = ['pending', 'failed', 'delivered', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
const RETRYABLE: DeliveryStatus[] = ['pending', 'failed'];

export interface ClaimedDelivery {
  id: string;
  webhookId: string;
  url: string;
  secret: string;
  /** Attempts recorded before this one. */
  attempts: number;
  claimToken: string;
  event: CloudEventInput;
}

export interface ClaimRequest {
  now: number;
  /** Deliveries wanted (free request slots). */
  limit: number;
  leaseMs: number;
  perWebhookLimit: number;
  /** Requests this worker already has in flight, by subscription id. */
  inFlight: ReadonlyMap<string, number>;
}

export interface AttemptRecord {
  startedAt: number;
  durationMs: number;
  responseStatus: number | null;
  error: string | null;
  /** The delivery's state after this attempt. */
  status: DeliveryStatus;
  nextAttemptAt: number | null;
}

type DatabaseRef = { db: Kysely<Database>; dialect: SqlDialectName };

export async function claimDeliveries(database: DatabaseRef, request: ClaimRequest): Promise<ClaimedDelivery[]> {
  const busy = [...request.inFlight].filter(([, count]) => count >= request.perWebhookLimit).map(([id]) => id);
  const claimToken = randomUUID();
  const claimed = await database.db.transaction().execute(async (trx) => {
    let candidates = trx
      .selectFrom('webhookDeliveries')
      .select(['id', 'webhookId'])
      .where('status', 'in', RETRYABLE)
      .where('nextAttemptAt', '<=', request.now)
      .where('webhookId', 'in', (eb) => eb.selectFrom('webhookSubscriptions').select('id').where('deactivatedAt', 'is', null))
      .orderBy('nextAttemptAt')
      .orderBy('id')
      // Look a little further than `limit`, so one subscription's backlog cannot hide others' due work.
      .limit(request.limit * 4);
    if (busy.length > 0) candidates = candidates.where('webhookId', 'not in', busy);
    // PostgreSQL: replicas skip rows another worker is claiming right now instead of waiting or taking them twice.
    if (database.dialect === 'postgres') candidates = candidates.forUpdate().skipLocked();
    const chosen = choose(await candidates.execute(), request);
    if (chosen.length === 0) return [];
    return trx
      .updateTable('webhookDeliveries')
      .set({ nextAttemptAt: request.now + request.leaseMs, claimToken, updatedAt: request.now })
      .where('id', 'in', chosen)
      .returning(['id', 'webhookId', 'eventId', 'attempts'])
      .execute();
  });
  if (claimed.length === 0) return [];
  return withTargets(database.db, claimed, claimToken);
}

/** At most `limit` deliveries, and at most `perWebhookLimit` in flight per subscription. */
function choose(candidates: { id: string; webhookId: string }[], request: ClaimRequest): string[] {
  const counts = new Map(request.inFlight);
  const chosen: string[] = [];
  for (const candidate of candidates) {
    if (chosen.length >= request.limit) break;
    const count = counts.get(candidate.webhookId) ?? 0;
    if (count >= request.perWebhookLimit) continue;
    counts.set(candidate.webhookId, count + 1);
    chosen.push(candidate.id);
  }
  return chosen;
}

async function withTargets(
  db: Kysely<Database>,
  claimed: { id: string; webhookId: string; eventId: string; attempts: number }[],
  claimToken: string,
): Promise<ClaimedDelivery[]> {
  const [subscriptions, events] = await Promise.all([
    db.selectFrom('webhookSubscriptions').select(['id', 'url', 'secret']).where('id', 'in', [...new Set(claimed.map((c) => c.webhookId))]).execute(),
    db.selectFrom('outboxEvents').selectAll().where('id', 'in', [...new Set(claimed.map((c) => c.eventId))]).execute(),
  ]);
  const result: ClaimedDelivery[] = [];
  for (const delivery of claimed) {
    const subscription = subscriptions.find((s) => s.id === delivery.webhookId);
    const event = events.find((e) => e.id === delivery.eventId);
    // Deleted meanwhile: the cascade removed the delivery too.
    if (!subscription || !event || !isEventType(event.type)) continue;
    result.push({
      id: delivery.id,
      webhookId: delivery.webhookId,
      url: subscription.url,
      secret: subscription.secret,
      attempts: delivery.attempts,
      claimToken,
      event: { id: event.id, type: event.type, subject: event.subject, team: event.team, time: event.time, data: event.data },
    });
  }
  return result;
}

/** Logs the attempt and moves the delivery on. @returns false when the claim had been lost to another worker. */
export async function recordAttempt(db: Kysely<Database>, claim: ClaimedDelivery, attempt: AttemptRecord): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('webhookDeliveries')
      .set({
        status: attempt.status,
        attempts: claim.attempts + 1,
        nextAttemptAt: attempt.nextAttemptAt,
        claimToken: null,
        lastAttemptAt: attempt.startedAt,
        lastResponseStatus: attempt.responseStatus,
        lastError: attempt.error,
        lastDurationMs: attempt.durationMs,
        updatedAt: attempt.startedAt + attempt.durationMs,
        deliveredAt: attempt.status === 'delivered' ? attempt.startedAt + attempt.durationMs : null,
      })
      .where('id', '=', claim.id)
      .where('claimToken', '=', claim.claimToken)
      .executeTakeFirst();
    // The request was made either way; the log keeps it even when the claim was lost.
    await trx
      .insertInto('webhookDeliveryAttempts')
      .values({
        id: randomUUID(),
        deliveryId: claim.id,
        attempt: claim.attempts + 1,
        startedAt: attempt.startedAt,
        durationMs: attempt.durationMs,
        responseStatus: attempt.responseStatus,
        error: attempt.error,
      })
      .execute();
    return Number(updated.numUpdatedRows) > 0;
  });
}

/** Gives a claimed delivery back without counting an attempt (the worker is stopping). */
export async function releaseClaim(db: Kysely<Database>, claim: ClaimedDelivery, now: number): Promise<void> {
  await db
    .updateTable('webhookDeliveries')
    .set({ nextAttemptAt: now, claimToken: null, updatedAt: now })
    .where('id', '=', claim.id)
    .where('claimToken', '=', claim.claimToken)
    .execute();
}

/** The earliest time a delivery of an active subscription becomes due (including ends of leases). */
export async function nextDueAt(db: Kysely<Database>): Promise<number | null> {
  const row = await db
    .selectFrom('webhookDeliveries')
    .select((eb) => eb.fn.min('nextAttemptAt').as('due'))
    .where('status', 'in', RETRYABLE)
    .where('webhookId', 'in', (eb) => eb.selectFrom('webhookSubscriptions').select('id').where('deactivatedAt', 'is', null))
    .executeTakeFirst();
  return row?.due == null ? null : Number(row.due);
}
