/**
 * Reading the delivery log: deliveries filtered by subscription, event and
 * status, newest first, paged with an opaque keyset cursor (stable while new
 * deliveries arrive); one delivery by id; and the attempts of one delivery.
 */
import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/index.js';
import { DELIVERY_STATUSES, type DeliveryStatus } from './delivery-claims.js';
import { EventError } from './errors.js';

export interface DeliveryQuery {
  webhookId?: string;
  eventId?: string;
  status?: DeliveryStatus;
  /** 1–500; default 50. */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

export interface DeliveryRecord {
  id: string;
  webhookId: string;
  eventId: string;
  eventType: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: number | null;
  lastAttemptAt: number | null;
  lastResponseStatus: number | null;
  lastError: string | null;
  lastDurationMs: number | null;
  createdAt: number;
  updatedAt: number;
  deliveredAt: number | null;
}

export interface DeliveryPage {
  deliveries: DeliveryRecord[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export interface DeliveryAttempt {
  attempt: number;
  startedAt: number;
  durationMs: number;
  responseStatus: number | null;
  error: string | null;
  succeeded: boolean;
}

const querySchema = z.object({
  webhookId: z.string().min(1).optional(),
  eventId: z.string().min(1).optional(),
  status: z.enum(DELIVERY_STATUSES).optional(),
  limit: z.number().int().min(1).max(500).default(50),
  cursor: z.string().optional(),
});
const cursorSchema = z.tuple([z.number().int(), z.string()]);

export async function queryDeliveries(db: Kysely<Database>, input: DeliveryQuery): Promise<DeliveryPage> {
  const parsed = querySchema.safeParse(input);
  if (!parsed.success) throw new EventError('INVALID_QUERY', `invalid delivery query: ${z.prettifyError(parsed.error)}`, { detail: parsed.error.issues });
  const query = parsed.data;
  let select = db
    .selectFrom('webhookDeliveries')
    .innerJoin('outboxEvents', 'outboxEvents.id', 'webhookDeliveries.eventId')
    .selectAll('webhookDeliveries')
    .select('outboxEvents.type as eventType')
    .orderBy('webhookDeliveries.createdAt', 'desc')
    .orderBy('webhookDeliveries.id', 'desc')
    .limit(query.limit + 1);
  if (query.webhookId) select = select.where('webhookDeliveries.webhookId', '=', query.webhookId);
  if (query.eventId) select = select.where('webhookDeliveries.eventId', '=', query.eventId);
  if (query.status) select = select.where('webhookDeliveries.status', '=', query.status);
  if (query.cursor !== undefined) {
    const [createdAt, id] = decodeCursor(query.cursor);
    select = select.where((eb) =>
      eb.or([eb('webhookDeliveries.createdAt', '<', createdAt), eb.and([eb('webhookDeliveries.createdAt', '=', createdAt), eb('webhookDeliveries.id', '<', id)])]),
    );
  }
  const rows = await select.execute();
  const page = rows.slice(0, query.limit).map(toRecord);
  const last = page.at(-1);
  return { deliveries: page, nextCursor: rows.length > query.limit && last ? encodeCursor(last.createdAt, last.id) : null };
}

/** One delivery by id; undefined when there is none. */
export async function findDelivery(db: Kysely<Database>, deliveryId: string): Promise<DeliveryRecord | undefined> {
  const row = await db
    .selectFrom('webhookDeliveries')
    .innerJoin('outboxEvents', 'outboxEvents.id', 'webhookDeliveries.eventId')
    .selectAll('webhookDeliveries')
    .select('outboxEvents.type as eventType')
    .where('webhookDeliveries.id', '=', deliveryId)
    .executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

export async function queryAttempts(db: Kysely<Database>, deliveryId: string): Promise<DeliveryAttempt[]> {
  const rows = await db.selectFrom('webhookDeliveryAttempts').selectAll().where('deliveryId', '=', deliveryId).orderBy('startedAt').orderBy('attempt').execute();
  return rows.map((row) => ({
    attempt: row.attempt,
    startedAt: row.startedAt,
    durationMs: row.durationMs,
    responseStatus: row.responseStatus,
    error: row.error,
    succeeded: row.responseStatus !== null && row.responseStatus >= 200 && row.responseStatus < 300,
  }));
}

function toRecord(row: Selectable<Database['webhookDeliveries']> & { eventType: string }): DeliveryRecord {
  return {
    id: row.id,
    webhookId: row.webhookId,
    eventId: row.eventId,
    eventType: row.eventType,
    status: row.status as DeliveryStatus,
    attempts: row.attempts,
    nextAttemptAt: row.nextAttemptAt,
    lastAttemptAt: row.lastAttemptAt,
    lastResponseStatus: row.lastResponseStatus,
    lastError: row.lastError,
    lastDurationMs: row.lastDurationMs,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    deliveredAt: row.deliveredAt,
  };
}

function encodeCursor(createdAt: number, id: string): string {
  return Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');
}

function decodeCursor(cursor: string): [number, string] {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch (error) {
    throw new EventError('INVALID_QUERY', 'invalid delivery cursor: pass nextCursor from the previous page unchanged', { cause: error });
  }
}
