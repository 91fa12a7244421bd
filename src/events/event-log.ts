/**
 * Reading the outbox as an event log: newest first, filtered by type, team and
 * time, restricted to the teams a caller may see, paged with an opaque keyset
 * cursor on (time, id) so pages stay stable while new events arrive.
 */
import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/index.js';
import { EventError } from './errors.js';
import { eventTypeSchema } from './event-types.js';
import type { OutboxEvent } from './outbox.js';

export interface EventQuery {
  /** Only these types; absent or empty: every type. */
  types?: readonly string[];
  /**
   * Only events of these teams (organisation-wide events, which have no team,
   * are left out); absent: every event. An empty list matches nothing.
   */
  teams?: readonly string[];
  /** Events with time ≥ since (epoch ms). */
  since?: number;
  /** 1–500; default 50. */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

export interface EventPage {
  events: OutboxEvent[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

const querySchema = z.object({
  types: z.array(eventTypeSchema).optional(),
  teams: z.array(z.string()).optional(),
  since: z.number().int().nonnegative().optional(),
  limit: z.number().int().min(1).max(500).default(50),
  cursor: z.string().optional(),
});
const cursorSchema = z.tuple([z.number().int(), z.string()]);

export async function listEvents(db: Kysely<Database>, input: EventQuery = {}): Promise<EventPage> {
  const parsed = querySchema.safeParse(input);
  if (!parsed.success) throw new EventError('INVALID_QUERY', `invalid event query: ${z.prettifyError(parsed.error)}`, { detail: parsed.error.issues });
  const query = parsed.data;
  if (query.teams?.length === 0) return { events: [], nextCursor: null };
  let select = db
    .selectFrom('outboxEvents')
    .selectAll()
    .orderBy('time', 'desc')
    .orderBy('id', 'desc')
    .limit(query.limit + 1);
  if (query.types && query.types.length > 0) select = select.where('type', 'in', query.types);
  if (query.teams) select = select.where('team', 'in', query.teams);
  if (query.since !== undefined) select = select.where('time', '>=', query.since);
  if (query.cursor !== undefined) {
    const [time, id] = decodeCursor(query.cursor);
    select = select.where((eb) => eb.or([eb('time', '<', time), eb.and([eb('time', '=', time), eb('id', '<', id)])]));
  }
  const rows = await select.execute();
  const page = rows.slice(0, query.limit).map(toEvent);
  const last = page.at(-1);
  return { events: page, nextCursor: rows.length > query.limit && last ? encodeCursor(last.time, last.id) : null };
}

function toEvent(row: Selectable<Database['outboxEvents']>): OutboxEvent {
  // Rows are written only through EventOutbox.append, which validated the type.
  return { ...row, type: row.type as OutboxEvent['type'], data: JSON.parse(row.data) as Record<string, unknown> };
}

function encodeCursor(time: number, id: string): string {
  return Buffer.from(JSON.stringify([time, id])).toString('base64url');
}

function decodeCursor(cursor: string): [number, string] {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch (error) {
    throw new EventError('INVALID_QUERY', 'invalid event cursor: pass nextCursor from the previous page unchanged', { cause: error });
  }
}
