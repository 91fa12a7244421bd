/**
 * Who changed teams, users and robot tokens, and who logged in, is in the
 * audit trail: each API change is written with its entry, and registry logins
 * (docker login → /auth/token) are recorded, successes once per address per
 * window and every failure.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../../src/audit/index.js';
import { ADMIN, basicAuth, startAirlock, type TestAirlock } from '../helpers/airlock.js';

type Entry = { actor: string; action: string; target: string | null; details: Record<string, unknown> };

let airlock: TestAirlock;

const entries = async (action: string): Promise<Entry[]> => {
  const response = await airlock.api<{ entries: Entry[] }>('GET', `/audit?action=${action}&order=oldest`);
  expect(response.status).toBe(200);
  return response.body.entries;
};
const login = (authorization?: string) =>
  fetch(`${airlock.url}/auth/token?service=airlock&scope=repository:quarantine/acme/app:pull`, { headers: authorization ? { authorization } : {} });

beforeAll(async () => {
  airlock = await startAirlock();
});
afterAll(() => airlock.close());

describe('identity changes in the audit trail', () => {
  it('records team and user creation and membership changes, by whom', async () => {
    await airlock.createTeam('acme');
    await airlock.createUser('dana', 'developer', [{ team: 'acme', role: 'developer' }]);
    expect((await airlock.api('DELETE', '/teams/acme/members/dana')).status).toBe(204);
    expect(await entries('team.created')).toEqual([expect.objectContaining({ actor: 'user:admin', target: 'team:acme' })]);
    expect(await entries('user.created')).toEqual([expect.objectContaining({ actor: 'user:admin', target: 'user:dana', details: expect.objectContaining({ role: 'developer' }) })]);
    expect(await entries('team.member-removed')).toEqual([expect.objectContaining({ target: 'team:acme', details: { username: 'dana' } })]);
  });

  it('records token creation and revocation without the secret', async () => {
    const created = await airlock.createToken('acme', 'ci');
    expect((await airlock.api('DELETE', `/tokens/${created.id}`)).status).toBe(200);
    const [creation] = await entries('token.created');
    expect(creation).toMatchObject({ actor: 'user:admin', target: `token:${created.id}`, details: expect.objectContaining({ team: 'acme', role: 'ci' }) });
    // The secret is everything after alk_<id>_ (it may itself contain underscores).
    const secret = created.token.slice(`alk_${created.id}_`.length);
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect(JSON.stringify(creation)).not.toContain(secret);
    expect(await entries('token.revoked')).toEqual([expect.objectContaining({ target: `token:${created.id}` })]);
  });

  it('leaves no half-written change when the change fails', async () => {
    const before = (await entries('team.created')).length;
    expect((await airlock.api('POST', '/teams', { name: 'acme' })).status).toBe(409);
    expect((await entries('team.created')).length).toBe(before);
  });
});

describe('logins in the audit trail', () => {
  it('records a user login once per address per window, and every failed one', async () => {
    expect((await login(basicAuth(ADMIN))).status).toBe(200);
    expect((await login(basicAuth(ADMIN))).status).toBe(200);
    expect((await login(basicAuth({ username: 'admin', password: 'not-the-password' }))).status).toBe(401);
    expect((await login()).status).toBe(401); // the anonymous challenge is not a login
    await expect.poll(async () => (await entries('user.login-failed')).length).toBe(1);
    expect(await entries('user.login')).toEqual([expect.objectContaining({ actor: 'user:admin', details: expect.objectContaining({ ip: '127.0.0.1' }) })]);
    expect(await entries('user.login-failed')).toEqual([expect.objectContaining({ actor: 'anonymous', target: 'user:admin' })]);
  });

  it('keeps a chain that verifies', async () => {
    expect((await verifyAuditLog(airlock.server.database.db)).ok).toBe(true);
  });
});
