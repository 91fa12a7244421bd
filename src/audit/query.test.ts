import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from './audit-log.js';
import type { AuditEntry, NewAuditEntry } from './audit-entry.js';
import { AuditError } from './errors.js';
import { queryAuditLog, type AuditQuery } from './query.js';
import { DATABASE_ENGINES, openTestDatabase, steppingClock, type TestDatabase } from './test-database-harness.js';

const T0 = Date.UTC(2025, 5, 1);
const ACTORS = ['user:alice', 'user:bob', 'robot:ab12', 'system'];
const ACTIONS = ['image.pushed', 'image.approved', 'imagery.scanned', 'policy.applied', 'image.rejected'];
const TARGETS = ['quarantine/acme/api@sha256:aa', 'quarantine/acme_x/web', 'quarantine/acmeX/db', 'Quarantine/acme/api', null, 'acme/api'];
/** Entry seq n is SEEDS[n - 1], appended at T0 + (n - 1) s. */
const SEEDS: NewAuditEntry[] = Array.from({ length: 41 }, (_, i) => ({
  actor: ACTORS[i % ACTORS.length] as string,
  action: ACTIONS[i % ACTIONS.length] as string,
  target: TARGETS[i % TARGETS.length] ?? null,
  details: { n: i + 1 },
}));
const timeOf = (seq: number) => T0 + (seq - 1) * 1000;
/** The seqs a filter should select, newest first, worked out from SEEDS without the database. */
const expected = (keep: (seed: NewAuditEntry, seq: number) => boolean) =>
  SEEDS.map((seed, i) => ({ seed, seq: i + 1 })).filter(({ seed, seq }) => keep(seed, seq)).map(({ seq }) => seq).reverse();

describe.each(DATABASE_ENGINES)('queryAuditLog (%s)', (engine) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await openTestDatabase(engine);
    const log = new AuditLog(test.handle.db, test.handle.dialect, steppingClock(T0, 1000));
    for (const seed of SEEDS) await log.append(seed);
  });
  afterAll(async () => {
    await test.close();
  });
  const query = (filter: AuditQuery) => queryAuditLog(test.handle.db, filter);
  const seqs = async (filter: AuditQuery) => (await query({ limit: 1000, ...filter })).entries.map((e) => e.seq);

  it('lists the newest 100 by default, whole entries', async () => {
    const page = await query({});
    expect(page.entries.map((e) => e.seq)).toEqual(expected(() => true));
    expect(page.nextCursor).toBeNull();
    expect(page.entries.at(-1)).toMatchObject({ seq: 1, time: T0, actor: 'user:alice', action: 'image.pushed', target: TARGETS[0], details: { n: 1 } });
    expect(page.entries.at(-1)?.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('filters by exact actor', async () => {
    expect(await seqs({ actor: 'user:bob' })).toEqual(expected((s) => s.actor === 'user:bob'));
    expect(await seqs({ actor: 'user' })).toEqual([]);
  });

  it('filters by action, exact or by dotted family (image matches image.* but not imagery.*)', async () => {
    expect(await seqs({ action: 'image.approved' })).toEqual(expected((s) => s.action === 'image.approved'));
    const family = await seqs({ action: 'image' });
    expect(family).toEqual(expected((s) => s.action.startsWith('image.')));
    expect(family.length).toBeGreaterThan(0);
    expect(await seqs({ action: 'image.app' })).toEqual([]);
  });

  it('filters by target prefix, case-sensitive, with % and _ taken literally', async () => {
    expect(await seqs({ targetPrefix: 'quarantine/acme' })).toEqual(expected((s) => (s.target ?? '').startsWith('quarantine/acme')));
    expect(await seqs({ targetPrefix: 'quarantine/acme_' })).toEqual(expected((s) => s.target === 'quarantine/acme_x/web'));
    expect(await seqs({ targetPrefix: 'quarantine/%' })).toEqual([]);
    expect(await seqs({ targetPrefix: 'Quarantine/' })).toEqual(expected((s) => s.target === 'Quarantine/acme/api'));
  });

  it('filters by time: since inclusive, until exclusive', async () => {
    expect(await seqs({ since: timeOf(10), until: timeOf(15) })).toEqual([14, 13, 12, 11, 10]);
    expect(await seqs({ since: timeOf(41) })).toEqual([41]);
    expect(await seqs({ until: timeOf(1) })).toEqual([]);
  });

  it('combines filters', async () => {
    const filter = { actor: 'system', action: 'image', since: timeOf(5) };
    expect(await seqs(filter)).toEqual(expected((s, seq) => s.actor === 'system' && s.action.startsWith('image.') && seq >= 5));
  });

  it.each(['newest', 'oldest'] as const)('pages %s first with a seq cursor, with no entry lost or repeated', async (order) => {
    for (const filter of [{}, { action: 'image' }] as AuditQuery[]) {
      const seen: number[] = [];
      let cursor: number | undefined;
      let pages = 0;
      do {
        const page: { entries: AuditEntry[]; nextCursor: number | null } = await query({ ...filter, order, limit: 7, cursor });
        expect(page.entries.length).toBeLessThanOrEqual(7);
        seen.push(...page.entries.map((e) => e.seq));
        cursor = page.nextCursor ?? undefined;
        pages += 1;
      } while (cursor !== undefined && pages < 100);
      const all = await seqs(filter);
      expect(seen).toEqual(order === 'newest' ? all : [...all].reverse());
    }
  });

  it('gives no next cursor when the last page is exactly full', async () => {
    const first = await query({ order: 'oldest', limit: 20 });
    expect(first.nextCursor).toBe(20);
    const second = await query({ order: 'oldest', limit: 21, cursor: 20 });
    expect(second.entries.map((e) => e.seq)).toEqual(Array.from({ length: 21 }, (_, i) => i + 21));
    expect(second.nextCursor).toBeNull();
  });

  it.each([
    ['limit 0', { limit: 0 }],
    ['limit 1001', { limit: 1001 }],
    ['a fractional limit', { limit: 2.5 }],
    ['a fractional cursor', { cursor: 1.5 }],
    ['an unknown order', { order: 'sideways' as 'newest' }],
    ['a NaN time', { since: Number.NaN }],
  ])('refuses %s', async (_name, filter) => {
    await expect(query(filter)).rejects.toSatisfy((e) => e instanceof AuditError && e.code === 'INVALID_QUERY');
  });

  it('accepts the largest limit, 1000', async () => {
    expect((await query({ limit: 1000 })).entries).toHaveLength(SEEDS.length);
  });
});
