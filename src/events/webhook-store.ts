/**
 * Webhook subscriptions: create (validated), list and get (never with the
 * secret), deactivate/activate, delete (with its deliveries), and the
 * delivery log.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/index.js';
import type { Clock } from './clock.js';
import { findDelivery, queryDeliveries, queryAttempts, type DeliveryAttempt, type DeliveryPage, type DeliveryQuery, type DeliveryRecord } from './delivery-log.js';
import { EventError } from './errors.js';
import { eventTypeSchema, type EventType } from './event-types.js';
import { toSubscription, type WebhookSubscription } from './subscription.js';

export interface NewWebhook {
  url: string;
  /** HMAC key for X-Airlock-Signature; at least 16 characters. */
  secret: string;
  /** Empty or absent: every type. */
  eventTypes?: readonly EventType[];
  /** Empty or absent: every team. */
  teams?: readonly string[];
  createdBy: string;
}

const newWebhookSchema = z.object({
  url: z.url({ protocol: /^https?$/, message: 'expected an http(s) URL such as https://hooks.example.com/airlock' }).max(2048),
  secret: z.string().min(16, 'the secret needs at least 16 characters').max(1024),
  eventTypes: z.array(eventTypeSchema).default([]),
  teams: z.array(z.string().min(1).max(200)).default([]),
  createdBy: z.string().min(1),
});

export class WebhookStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock = Date.now,
  ) {}

  async create(input: NewWebhook): Promise<WebhookSubscription> {
    const parsed = newWebhookSchema.safeParse(input);
    if (!parsed.success) {
      throw new EventError('INVALID_WEBHOOK', `invalid webhook: ${z.prettifyError(parsed.error)}`, { detail: parsed.error.issues });
    }
    const valid = parsed.data;
    const row = {
      id: randomUUID(),
      url: valid.url,
      secret: valid.secret,
      eventTypes: JSON.stringify([...new Set(valid.eventTypes)]),
      teams: JSON.stringify([...new Set(valid.teams)]),
      createdBy: valid.createdBy,
      createdAt: this.clock(),
      deactivatedAt: null,
    };
    await this.db.insertInto('webhookSubscriptions').values(row).execute();
    return toSubscription(row);
  }

  async list(): Promise<WebhookSubscription[]> {
    const rows = await this.db.selectFrom('webhookSubscriptions').selectAll().orderBy('createdAt').orderBy('id').execute();
    return rows.map(toSubscription);
  }

  async get(id: string): Promise<WebhookSubscription> {
    const row = await this.db.selectFrom('webhookSubscriptions').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound(id);
    return toSubscription(row);
  }

  /** No new deliveries are created or attempted until activated again; pending ones wait. */
  async deactivate(id: string): Promise<WebhookSubscription> {
    await this.setDeactivatedAt(id, this.clock());
    return this.get(id);
  }

  async activate(id: string): Promise<WebhookSubscription> {
    await this.setDeactivatedAt(id, null);
    return this.get(id);
  }

  /** Removes the subscription and its delivery log. */
  async delete(id: string): Promise<void> {
    const result = await this.db.deleteFrom('webhookSubscriptions').where('id', '=', id).executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw notFound(id);
  }

  /** The delivery log, newest first, a page at a time. */
  async deliveries(query: DeliveryQuery = {}): Promise<DeliveryPage> {
    return queryDeliveries(this.db, query);
  }

  /** One delivery of any subscription; undefined when there is none. */
  async delivery(deliveryId: string): Promise<DeliveryRecord | undefined> {
    return findDelivery(this.db, deliveryId);
  }

  /** Every request made for one delivery, oldest first. */
  async attempts(deliveryId: string): Promise<DeliveryAttempt[]> {
    return queryAttempts(this.db, deliveryId);
  }

  private async setDeactivatedAt(id: string, deactivatedAt: number | null): Promise<void> {
    const result = await this.db.updateTable('webhookSubscriptions').set({ deactivatedAt }).where('id', '=', id).executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw notFound(id);
  }
}

function notFound(id: string): EventError {
  return new EventError('WEBHOOK_NOT_FOUND', `webhook ${id} does not exist`);
}
