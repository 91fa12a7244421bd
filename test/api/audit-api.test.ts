/** /api/v1/audit over real HTTP: who may read and verify the trail, filters and paging, and an export whose chain re-verifies. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog, computeEntryHash, GENESIS_HASH, verifyAuditLog, type JsonObject } from '../../src/audit/index.js';
import { allowTampering } from '../../src/audit/test-database-harness.js';
import { ADMIN, basicAuth, startAirlock, type Credentials, type TestAirlock } from '../helpers/airlock.js';

type Entry = { seq: number; time: number; actor: string; action: string; target: string | null };
type Page = { entries: Entry[]; nextCursor: number | null };
type Line = { seq: number; time: string; actor: string; action: string; target: string | null; details: JsonObject; prevHash: string; hash: string };
// After the entries that setting up users and teams writes, so time and sequence agree.
const T0 = Date.now() + 86_400_000;
const ENTRIES = 1_200; // more than one export batch (500)

let airlock: TestAirlock;
let dana: Credentials;
let vic: Credentials;
let sec: Credentials;
let robot: Credentials;
/** Entries written while setting up (team, users, token). */
let setup = 0;
const total = () => setup + ENTRIES;

const page = async (query: string, auth: Credentials = ADMIN): Promise<Page> => {
  const response = await airlock.api<Page>('GET', `/audit${query}`, undefined, auth);
  expect(response.status, query).toBe(200);
  return response.body;
};
const exportLines = async (query = '', auth: Credentials = vic): Promise<{ response: Response; lines: Line[] }> => {
  const response = await fetch(`${airlock.url}/api/v1/audit/export${query}`, { headers: { authorization: basicAuth(auth) } });
  const text = await response.text();
  expect(text.endsWith('\n')).toBe(true);
  return { response, lines: text.trimEnd().split('\n').map((line) => JSON.parse(line) as Line) };
};

beforeAll(async () => {
  airlock = await startAirlock();
  await airlock.createTeam('payments');
  dana = await airlock.createUser('dana', 'developer', [{ team: 'payments', role: 'developer' }]);
  vic = await airlock.createUser('vic', 'viewer');
  sec = await airlock.createUser('sec', 'security');
  robot = { username: 'ci', password: (await airlock.createToken('payments', 'ci')).token };
  const { db, dialect } = airlock.server.database;
  let tick = 0;
  setup = (await verifyAuditLog(db)).entries;
  const log = new AuditLog(db, dialect, () => T0 + 1_000 * tick++);
  for (let i = 0; i < ENTRIES; i += 1) {
    const team = i % 4 === 0 ? 'search' : 'payments';
    await log.append({ actor: i % 3 === 0 ? 'user:alice' : 'system', action: i % 2 === 0 ? 'image.approved' : 'image.rejected', target: `quarantine/${team}/api@sha256:${i}`, details: { i, note: 'ünïcode ✓' } });
  }
});
afterAll(() => airlock.close());

describe('the audit trail API', () => {
  it('is for admins, security and organisation viewers; verifying for admins and security', async () => {
    for (const auth of [ADMIN, sec, vic]) expect((await airlock.api('GET', '/audit?limit=1', undefined, auth)).status).toBe(200);
    for (const auth of [dana, robot]) {
      for (const path of ['/audit', '/audit/verify', '/audit/export']) {
        const response = await airlock.api<{ error: { code: string; message: string } }>('GET', path, undefined, auth);
        expect(response.status, `${auth.username} ${path}`).toBe(403);
        expect(response.body.error.code).toBe('DENIED');
      }
    }
    expect((await airlock.api('GET', '/audit/verify', undefined, vic)).status).toBe(403);
    expect((await airlock.api('GET', '/audit/verify', undefined, sec)).status).toBe(200);
    expect((await fetch(`${airlock.url}/api/v1/audit`)).status).toBe(401);
  });

  it('filters by actor, action family, target prefix and time, newest or oldest first, a page at a time', async () => {
    const newest = await page('?limit=3');
    expect(newest.entries.map((e) => e.seq)).toEqual([total(), total() - 1, total() - 2]);
    expect(newest.nextCursor).toBe(total() - 2);
    expect((await page(`?limit=2&cursor=${newest.nextCursor}`)).entries.map((e) => e.seq)).toEqual([total() - 3, total() - 4]);
    expect((await page('?order=oldest&limit=2')).entries.map((e) => e.seq)).toEqual([1, 2]);

    const alice = await page('?actor=user:alice&limit=1000', vic);
    expect(alice.entries).toHaveLength(ENTRIES / 3);
    expect(alice.entries.every((e) => e.actor === 'user:alice')).toBe(true);
    expect((await page('?action=image&limit=1')).entries).toHaveLength(1);
    expect((await page('?action=image.rejected&limit=1000')).entries.every((e) => e.action === 'image.rejected')).toBe(true);
    expect((await page('?action=imag&limit=1')).entries).toEqual([]);
    const search = await page(`?target=${encodeURIComponent('quarantine/search/')}&limit=1000`);
    expect(search.entries).toHaveLength(ENTRIES / 4);
    const window = await page(`?since=${encodeURIComponent(new Date(T0 + 10_000).toISOString())}&until=${T0 + 13_000}&order=oldest`);
    expect(window.entries.map((e) => e.time)).toEqual([T0 + 10_000, T0 + 11_000, T0 + 12_000]);
  });

  it('refuses bad queries with the reason', async () => {
    for (const query of ['?limit=1001', '?order=sideways', '?since=last-tuesday', '?cursor=abc', '?colour=red']) {
      expect((await airlock.api('GET', `/audit${query}`)).status, query).toBe(400);
    }
    const format = await airlock.api<{ error: { message: string } }>('GET', '/audit/export?format=csv');
    expect(format.status).toBe(400);
    expect(format.body.error.message).toContain('only jsonl is supported');
  });

  it('streams the export as JSON Lines whose hash chain re-verifies, and agrees with verify', async () => {
    const { response, lines } = await exportLines();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    expect(response.headers.get('transfer-encoding')).toBe('chunked');
    expect(response.headers.get('content-length')).toBeNull();
    expect(lines).toHaveLength(total());
    let prevHash = GENESIS_HASH;
    for (const line of lines) {
      expect(line.prevHash, `entry ${line.seq}`).toBe(prevHash);
      const { seq, actor, action, target, details } = line;
      expect(computeEntryHash(line.prevHash, { seq, time: Date.parse(line.time), actor, action, target, details }), `entry ${seq}`).toBe(line.hash);
      prevHash = line.hash;
    }
    const verified = await airlock.api<{ ok: boolean; entries: number; head: { seq: number; hash: string } }>('GET', '/audit/verify', undefined, sec);
    expect(verified.body).toEqual({ ok: true, entries: total(), head: { seq: total(), hash: prevHash } });

    // A window starts mid-chain: its first entry links to the entry before the window.
    const since = await exportLines(`?format=jsonl&since=${encodeURIComponent(new Date(T0 + 1_000 * 1_000).toISOString())}`);
    expect(since.lines.map((line) => line.seq)).toEqual(Array.from({ length: ENTRIES - 1_000 }, (_, i) => setup + 1_001 + i));
    expect(since.lines[0]?.prevHash).toBe(lines[setup + 999]?.hash);
  });

  it('names the first bad entry once the trail has been tampered with', async () => {
    const { db } = airlock.server.database;
    await allowTampering(airlock.server.database);
    await db.updateTable('auditLog').set({ details: JSON.stringify({ i: 41, note: 'rewritten' }) }).where('seq', '=', setup + 42).execute();
    const verified = await airlock.api<{ ok: boolean; entries: number; firstBad: { seq: number; reason: string } }>('GET', '/audit/verify', undefined, ADMIN);
    expect(verified.body).toMatchObject({ ok: false, entries: setup + 41, firstBad: { seq: setup + 42, reason: 'hash-mismatch' } });
  });
});
