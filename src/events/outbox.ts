/**
 * The transactional outbox. A part that changes state writes its event with
 * `EventOutbox.append(trx, …)` inside the same transaction, so the event exists
 * exactly when the change does: a rollback takes the event with it, a commit
 * keeps it until the delivery worker has fanned it out, across any restart.
 * Appending is one INSERT; no receiver is ever contacted on the caller's path.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/index.js';
import { EventError } from './errors.js';
import { eventTypeSchema, type EventType } from './event-types.js';

export interface NewEvent {
  type: EventType;
  /** What the event is about, e.g. `payments/api@sha256:…`; becomes the CloudEvents `subject`. */
  subject?: string | null;
  /** The team concerned; null or absent for organisation-wide events. */
  team?: string | null;
  /** The event payload; must be JSON-serialisable. */
  data?: Readonly<Record<string, unknown>>;
  /** Defaults to a random UUID. */
  id?: string;
  /** Milliseconds since the epoch; defaults to now. */
  time?: number;
}

export interface OutboxEvent {
  id: string;
  type: EventType;
  subject: string | null;
  team: string | null;
  time: number;
  data: Record<string, unknown>;
  dispatchedAt: number | null;
}

const newEventSchema = z.object({
  type: eventTypeSchema,
  subject: z.string().min(1).max(1024).nullish(),
  team: z.string().min(1).max(200).nullish(),
  data: z.record(z.string(), z.unknown()).optional(),
  id: z.string().min(1).max(200).optional(),
  time: z.number().int().nonnegative().optional(),
});

export const EventOutbox = {
  /**
   * Records an event. Pass the transaction that makes the state change;
   * call the worker's `notify()` after it commits for prompt delivery.
   */
  async append(db: Kysely<Database>, event: NewEvent, now: () => number = Date.now): Promise<OutboxEvent> {
    const parsed = newEventSchema.safeParse(event);
    if (!parsed.success) {
      throw new EventError('INVALID_EVENT', `invalid event: ${z.prettifyError(parsed.error)}`, { detail: parsed.error.issues });
    }
    const valid = parsed.data;
    const row = {
      id: valid.id ?? randomUUID(),
      type: valid.type,
      subject: valid.subject ?? null,
      team: valid.team ?? null,
      time: valid.time ?? now(),
      data: serialise(valid.data ?? {}),
      dispatchedAt: null,
    };
    await db.insertInto('outboxEvents').values(row).execute();
    return { ...row, data: JSON.parse(row.data) as Record<string, unknown> };
  },

  /** Events not yet fanned out to subscriptions (for health checks and metrics). */
  async countUndispatched(db: Kysely<Database>): Promise<number> {
    const row = await db.selectFrom('outboxEvents').select((eb) => eb.fn.countAll<number>().as('count')).where('dispatchedAt', 'is', null).executeTakeFirst();
    return Number(row?.count ?? 0);
  },
} as const;

function serialise(data: Readonly<Record<string, unknown>>): string {
  try {
    return JSON.stringify(data);
  } catch (error) {
    throw new EventError('INVALID_EVENT', `event data is not JSON-serialisable: ${(error as Error).message}`, { cause: error });
  }
}
