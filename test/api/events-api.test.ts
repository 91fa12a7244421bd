/** /api/v1/events and /api/v1/vulnerability-db over real HTTP: who sees which events; how current the vulnerability data is. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventOutbox, type NewEvent } from '../../src/events/index.js';
import { VulnerabilityDatabase } from '../../src/scan/index.js';
import { FIXTURES } from '../../src/scan/vulndb/vulndb-harness.js';
import { ADMIN, startAirlock, type Credentials, type TestAirlock } from '../helpers/airlock.js';

type Page = { events: Array<{ id: string; type: string; team: string | null; time: number; data: Record<string, unknown> }>; nextCursor: string | null };
const T0 = Date.parse('2026-03-01T00:00:00Z');
const MINUTE = 60_000;

let airlock: TestAirlock;
let dana: Credentials; // developer in payments
let sam: Credentials; // developer in search
let vic: Credentials; // organisation viewer
let robot: Credentials; // payments puller token

const events = async (query: string, auth: Credentials = ADMIN): Promise<string[]> => {
  const response = await airlock.api<Page>('GET', `/events${query}`, undefined, auth);
  expect(response.status, query).toBe(200);
  return response.body.events.map((event) => event.id);
};

beforeAll(async () => {
  airlock = await startAirlock();
  await airlock.createTeam('payments');
  await airlock.createTeam('search');
  dana = await airlock.createUser('dana', 'developer', [{ team: 'payments', role: 'developer' }]);
  sam = await airlock.createUser('sam', 'developer', [{ team: 'search', role: 'developer' }]);
  vic = await airlock.createUser('vic', 'viewer');
  robot = { username: 'puller', password: (await airlock.createToken('payments', 'puller')).token };
  const seed: NewEvent[] = [
    { id: 'pay-received', type: 'image.received', team: 'payments', time: T0 },
    { id: 'pay-approved', type: 'image.approved', team: 'payments', time: T0 + MINUTE, data: { digest: 'sha256:aa' } },
    { id: 'search-rejected', type: 'image.rejected', team: 'search', time: T0 + 2 * MINUTE },
    { id: 'org-policy', type: 'policy.changed', time: T0 + 3 * MINUTE },
    { id: 'pay-at-risk', type: 'image.at-risk', team: 'payments', time: T0 + 4 * MINUTE },
  ];
  for (const event of seed) await EventOutbox.append(airlock.server.database.db, event);
});
afterAll(() => airlock.close());

describe('the event log', () => {
  it('shows everything, newest first, to admins and organisation viewers', async () => {
    const all = ['pay-at-risk', 'org-policy', 'search-rejected', 'pay-approved', 'pay-received'];
    expect(await events('')).toEqual(all);
    expect(await events('', vic)).toEqual(all);
    const [newest] = (await airlock.api<Page>('GET', '/events?limit=1')).body.events;
    expect(newest).toMatchObject({ id: 'pay-at-risk', type: 'image.at-risk', team: 'payments', time: T0 + 4 * MINUTE });
  });

  it('shows a developer or robot only their teams’ events, whatever they ask for', async () => {
    expect(await events('', dana)).toEqual(['pay-at-risk', 'pay-approved', 'pay-received']);
    expect(await events('', robot)).toEqual(['pay-at-risk', 'pay-approved', 'pay-received']);
    expect(await events('', sam)).toEqual(['search-rejected']);
    expect(await events('?team=search', dana)).toEqual([]);
    expect(await events('?team=payments', sam)).toEqual([]);
    expect(await events('?type=policy.changed', dana)).toEqual([]);
  });

  it('filters by type, team and time and pages with a cursor', async () => {
    expect(await events('?type=image.approved,image.rejected')).toEqual(['search-rejected', 'pay-approved']);
    expect(await events('?team=payments&type=image.received')).toEqual(['pay-received']);
    expect(await events(`?since=${encodeURIComponent(new Date(T0 + 2 * MINUTE).toISOString())}`)).toEqual(['pay-at-risk', 'org-policy', 'search-rejected']);
    expect(await events(`?since=${T0 + 3 * MINUTE}`, dana)).toEqual(['pay-at-risk']);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Page = (await airlock.api<Page>('GET', `/events?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).body;
      seen.push(...page.events.map((event) => event.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['pay-at-risk', 'org-policy', 'search-rejected', 'pay-approved', 'pay-received']);
  });

  it('refuses bad queries with the reason, and callers without credentials', async () => {
    const bad = async (query: string) => airlock.api<{ error: { code: string; message: string } }>('GET', `/events${query}`);
    expect((await bad('?type=image.pushed')).body.error.message).toContain('invalid event query');
    expect((await bad('?since=yesterday')).body.error.message).toContain('expected an ISO 8601 date');
    expect((await bad('?limit=0')).status).toBe(400);
    expect((await bad('?cursor=garbage')).status).toBe(400);
    expect((await bad('?colour=red')).status).toBe(400);
    expect((await fetch(`${airlock.url}/api/v1/events`)).status).toBe(401);
  });
});

describe('the vulnerability database status', () => {
  it('reports advisories per ecosystem and sources, without credentials in source URLs', async () => {
    const empty = await airlock.api('GET', '/vulnerability-db', undefined, robot);
    expect(empty.body).toEqual({ advisories: 0, withdrawn: 0, lastUpdatedAt: null, lastCheckedAt: null, ecosystems: [], sources: [] });

    const { db } = airlock.server.database;
    await new VulnerabilityDatabase(db, { now: () => T0 }).update({ sources: [FIXTURES] });
    const mirror = 'https://reader:s3cret-password@osv-mirror.internal/all.zip';
    const counters = { records: 1, added: 1, updated: 0, unchanged: 0, withdrawn: 0, invalid: 0 };
    await db.insertInto('advisorySources').values({ location: mirror, kind: 'url', ecosystems: '["npm"]', etag: null, ...counters, updatedAt: T0 - MINUTE, checkedAt: T0 + MINUTE }).execute();

    type Status = { advisories: number; lastUpdatedAt: number; lastCheckedAt: number; ecosystems: Array<{ ecosystem: string; advisories: number }>; sources: Array<{ location: string; kind: string }> };
    const status = await airlock.api<Status>('GET', '/vulnerability-db', undefined, dana);
    expect(status.status).toBe(200);
    expect(status.body.advisories).toBeGreaterThanOrEqual(8);
    expect(status.body.ecosystems.map((e) => e.ecosystem)).toEqual(expect.arrayContaining(['PyPI', 'crates.io', 'Go']));
    expect(status.body.ecosystems.every((e) => e.advisories > 0)).toBe(true);
    expect(status.body).toMatchObject({ lastUpdatedAt: T0, lastCheckedAt: T0 + MINUTE });
    expect(status.body.sources.map((source) => source.location)).toEqual(expect.arrayContaining([FIXTURES, 'https://osv-mirror.internal/all.zip']));
    expect(JSON.stringify(status.body)).not.toContain('s3cret-password');
    expect((await fetch(`${airlock.url}/api/v1/vulnerability-db`)).status).toBe(401);
  });
});
