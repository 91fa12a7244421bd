/** The REST API for teams, users and robot tokens: roles, validation, and what is never revealed. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAirlock, type Credentials, type TestAirlock } from '../helpers/airlock.js';

type ApiError = { error: { code: string; message: string } };
let airlock: TestAirlock;
let dev: Credentials;
let viewer: Credentials;

beforeAll(async () => {
  airlock = await startAirlock();
  await airlock.createTeam('payments');
  dev = await airlock.createUser('dana', 'developer', [{ team: 'payments', role: 'developer' }]);
  viewer = await airlock.createUser('vic', 'viewer', [{ team: 'payments', role: 'viewer' }]);
});
afterAll(() => airlock.close());

describe('teams', () => {
  it('creates, lists and refuses duplicates and bad names with the reason', async () => {
    expect((await airlock.api('POST', '/teams', { name: 'search' })).status).toBe(201);
    const duplicate = await airlock.api<ApiError>('POST', '/teams', { name: 'search' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.message).toBe('team search already exists');
    const bad = await airlock.api<ApiError>('POST', '/teams', { name: 'Bad_Name' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/team names are lowercase/);
    const reserved = await airlock.api<ApiError>('POST', '/teams', { name: 'quarantine' });
    expect(reserved.status).toBe(400);
    expect(reserved.body.error.message).toMatch(/reserved/);
    const list = await airlock.api<{ teams: Array<{ name: string; members: unknown[] }> }>('GET', '/teams', undefined, dev);
    expect(list.body.teams.map((t) => t.name)).toEqual(['payments', 'search']);
    expect(list.body.teams[0]?.members).toEqual([
      { username: 'dana', role: 'developer' },
      { username: 'vic', role: 'viewer' },
    ]);
  });

  it('needs the admin role to create teams and change members', async () => {
    expect((await airlock.api('POST', '/teams', { name: 'x' }, dev)).status).toBe(403);
    expect((await airlock.api('PUT', '/teams/payments/members/vic', { role: 'developer' }, dev)).status).toBe(403);
    expect((await airlock.api('PUT', '/teams/payments/members/nobody', { role: 'developer' })).status).toBe(404);
    expect((await airlock.api('PUT', '/teams/payments/members/vic', { role: 'owner' })).status).toBe(400);
  });
});

describe('users', () => {
  it('never returns password hashes and refuses weak passwords and unknown roles', async () => {
    const users = await airlock.api<{ users: Array<Record<string, unknown>> }>('GET', '/users');
    expect(users.status).toBe(200);
    expect(JSON.stringify(users.body)).not.toMatch(/scrypt|passwordHash|password/);
    expect(users.body.users.find((u) => u.username === 'dana')).toMatchObject({ role: 'developer', teams: [{ team: 'payments', role: 'developer' }] });
    expect((await airlock.api<ApiError>('POST', '/users', { username: 'weak', password: 'short' })).body.error.message).toMatch(/at least 12/);
    expect((await airlock.api('POST', '/users', { username: 'r', password: 'long-enough-password', role: 'root' })).status).toBe(400);
    expect((await airlock.api('POST', '/users', { username: 'dana', password: 'long-enough-password' })).status).toBe(409);
    expect((await airlock.api('POST', '/users', { username: 'ghost', password: 'long-enough-password', teams: [{ team: 'nope', role: 'viewer' }] })).status).toBe(404);
    expect((await airlock.api<{ users: Array<{ username: string }> }>('GET', '/users')).body.users.some((u) => u.username === 'ghost')).toBe(false);
    expect((await airlock.api('GET', '/users', undefined, dev)).status).toBe(403);
  });

  it('reports who is calling', async () => {
    expect((await airlock.api('GET', '/whoami', undefined, dev)).body).toEqual({ kind: 'user', username: 'dana', role: 'developer', teams: { payments: 'developer' } });
    expect((await airlock.api('GET', '/whoami', undefined, { username: 'dana', password: 'wrong-password-1' })).status).toBe(401);
  });
});

describe('robot tokens', () => {
  it('lets team developers create, list and revoke their team’s tokens; shows the secret only once', async () => {
    const created = await airlock.api<Record<string, unknown> & { id: string; token: string }>('POST', '/tokens', { team: 'payments', role: 'ci', name: 'gitlab', expires: '30d' }, dev);
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^alk_[a-f0-9]{16}_[A-Za-z0-9_-]{43}$/);
    expect(created.body).toMatchObject({ team: 'payments', role: 'ci', name: 'gitlab', createdBy: 'dana' });
    expect(created.body.expiresAt as number).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    const listed = await airlock.api<{ tokens: Array<Record<string, unknown>> }>('GET', '/tokens?team=payments', undefined, dev);
    expect(listed.body.tokens.map((t) => t.id)).toContain(created.body.id);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.token.slice(21));
    expect(JSON.stringify(listed.body)).not.toMatch(/scrypt|secretHash/);
    const revoked = await airlock.api<{ revokedAt: number }>('DELETE', `/tokens/${created.body.id}`, undefined, dev);
    expect(revoked.body.revokedAt).toBeGreaterThan(0);
  });

  it('refuses viewers, other teams, robots, unknown roles, past expiry and listing everything', async () => {
    expect((await airlock.api('POST', '/tokens', { team: 'payments', role: 'ci' }, viewer)).status).toBe(403);
    expect((await airlock.api('POST', '/tokens', { team: 'search', role: 'ci' }, dev)).status).toBe(403);
    expect((await airlock.api<ApiError>('POST', '/tokens', { team: 'payments', role: 'deployer' })).body.error.message).toMatch(/invalid token role/);
    expect((await airlock.api<ApiError>('POST', '/tokens', { team: 'payments', role: 'ci', expires: '2001-01-01' })).body.error.message).toMatch(/future/);
    expect((await airlock.api<ApiError>('POST', '/tokens', { team: 'payments', role: 'ci', expires: 'soon' })).body.error.message).toMatch(/duration/);
    expect((await airlock.api('GET', '/tokens', undefined, dev)).status).toBe(403);
    const robot = await airlock.createToken('payments', 'ci');
    const asRobot = await fetch(`${airlock.url}/api/v1/tokens`, { method: 'POST', headers: { authorization: `Bearer ${robot.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ team: 'payments', role: 'ci' }) });
    expect(asRobot.status).toBe(403);
    expect((await airlock.api('DELETE', '/tokens/0000000000000000')).status).toBe(404);
  });
});

describe('bad requests', () => {
  it('answers malformed JSON, unknown fields, missing auth and unknown endpoints with JSON errors', async () => {
    const malformed = await fetch(`${airlock.url}/api/v1/teams`, { method: 'POST', headers: { authorization: `Basic ${Buffer.from('admin:admin-password-for-tests').toString('base64')}`, 'content-type': 'application/json' }, body: '{"name":' });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as ApiError).error.code).toBe('INVALID');
    expect((await airlock.api('POST', '/teams', { name: 'ok', extra: true })).status).toBe(400);
    const anonymous = await fetch(`${airlock.url}/api/v1/teams`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Basic realm="airlock"');
    const missing = await airlock.api<ApiError>('GET', '/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
  });
});
