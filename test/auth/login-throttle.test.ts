/** Password guessing against the token endpoint, the registry and the API is slowed to a stop (429). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, basicAuth, startAirlock, type TestAirlock } from '../helpers/airlock.js';

let airlock: TestAirlock;
let offset = 0;

beforeAll(async () => {
  airlock = await startAirlock({ clock: () => Date.now() + offset });
  await airlock.createUser('carol');
});
afterAll(() => airlock.close());

const tokenRequest = (password: string) => fetch(`${airlock.url}/auth/token?scope=registry:catalog:*`, { headers: { authorization: basicAuth({ username: 'carol', password }) } });

describe('login throttling', () => {
  it('answers 429 TOOMANYREQUESTS with Retry-After after ten failures, even to the right password, then recovers', async () => {
    for (let i = 0; i < 10; i++) expect((await tokenRequest(`wrong-password-${i}`)).status).toBe(401);
    const locked = await tokenRequest('carol-password-123');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(250);
    expect(((await locked.json()) as { errors: Array<{ code: string }> }).errors[0]?.code).toBe('TOOMANYREQUESTS');

    const registry = await fetch(`${airlock.url}/v2/`, { headers: { authorization: basicAuth({ username: 'carol', password: 'carol-password-123' }) } });
    expect(registry.status).toBe(429);
    const api = await airlock.api<{ error: { code: string } }>('GET', '/whoami', undefined, { username: 'carol', password: 'carol-password-123' });
    expect(api.status).toBe(429);
    expect(api.body.error.code).toBe('TOO_MANY_ATTEMPTS');

    expect((await fetch(`${airlock.url}/v2/`, { headers: { authorization: basicAuth(ADMIN) } })).status).toBe(200);
    offset = 5 * 60_000 + 1000;
    expect((await tokenRequest('carol-password-123')).status).toBe(200);
  });
});
