/** The outbox read as an event log, on SQLite and PostgreSQL. */
import { describe, expect, it } from 'vitest';
import { eventTestContext } from './event-database-harness.js';
import { listEvents } from './event-log.js';
import { EventOutbox, type NewEvent } from './outbox.js';

describe.each(['sqlite', 'postgres'] as const)('the event log (%s)', (engine) => {
  const context = eventTestContext(engine);
  const seed = async (events: NewEvent[]): Promise<void> => {
    for (const event of events) await EventOutbox.append(context.database.db, event);
  };

  it('lists events newest first and pages through them without gaps or repeats, ties broken by id', async () => {
    const { db } = context.database;
    // Seven events, three of them at the same millisecond: the cursor must not lose any of those.
    await seed([1, 2, 3, 3, 3, 4, 5].map((time, i) => ({ type: 'image.received', id: `e${i}`, time, data: { i } })));
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listEvents(db, { limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...page.events.map((event) => event.id));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(4);
    expect(seen).toEqual(['e6', 'e5', 'e4', 'e3', 'e2', 'e1', 'e0']);
    const [newest] = (await listEvents(db, { limit: 1 })).events;
    expect(newest).toEqual({ id: 'e6', type: 'image.received', subject: null, team: null, time: 5, data: { i: 6 }, dispatchedAt: null });
  });

  it('filters by type, team and time; a team list leaves organisation-wide events out', async () => {
    const { db } = context.database;
    await seed([
      { type: 'image.approved', team: 'payments', id: 'pay-approved', time: 10 },
      { type: 'image.rejected', team: 'payments', id: 'pay-rejected', time: 20 },
      { type: 'image.approved', team: 'search', id: 'search-approved', time: 30 },
      { type: 'policy.changed', id: 'org-policy', time: 40 },
    ]);
    const ids = async (query: Parameters<typeof listEvents>[1]) => (await listEvents(db, query)).events.map((event) => event.id);
    expect(await ids({})).toEqual(['org-policy', 'search-approved', 'pay-rejected', 'pay-approved']);
    expect(await ids({ types: ['image.approved'] })).toEqual(['search-approved', 'pay-approved']);
    expect(await ids({ types: ['image.approved', 'policy.changed'] })).toEqual(['org-policy', 'search-approved', 'pay-approved']);
    expect(await ids({ teams: ['payments'] })).toEqual(['pay-rejected', 'pay-approved']);
    expect(await ids({ teams: ['payments', 'search'], types: ['image.approved'] })).toEqual(['search-approved', 'pay-approved']);
    expect(await ids({ teams: [] })).toEqual([]);
    expect(await ids({ since: 20 })).toEqual(['org-policy', 'search-approved', 'pay-rejected']);
    expect(await ids({ since: 20, teams: ['search'] })).toEqual(['search-approved']);
  });

  it('refuses unknown types, bad limits and cursors it did not make', async () => {
    const { db } = context.database;
    await expect(listEvents(db, { types: ['image.pushed'] })).rejects.toMatchObject({ code: 'INVALID_QUERY', status: 400 });
    await expect(listEvents(db, { limit: 501 })).rejects.toMatchObject({ code: 'INVALID_QUERY' });
    await expect(listEvents(db, { cursor: 'not-a-cursor' })).rejects.toMatchObject({ code: 'INVALID_QUERY', message: expect.stringContaining('nextCursor') as unknown });
  });
});
