import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../db/index.js';
import { Authenticator } from './authenticator.js';
import { IdentityStore } from './identity-store.js';
import { RobotTokenStore } from './robot-tokens.js';

let dir: string;
let database: DatabaseHandle;
let now = Date.now();
const clock = () => now;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'airlock-authenticator-'));
  database = await openDatabase(path.join(dir, 'test.db'));
  const identities = new IdentityStore(database.db, clock);
  await identities.createTeam('acme');
  await identities.createUser({ username: 'alice', password: 'alice-password-1', role: 'developer' });
});
afterAll(async () => {
  await database.close();
  await rm(dir, { recursive: true, force: true });
});

/** An IdentityStore that counts user lookups: each lookup is one slow password verification. */
function countingAuthenticator(): { authenticator: Authenticator; lookups: () => number } {
  const identities = new IdentityStore(database.db, clock);
  let lookups = 0;
  const findUser = identities.findUser.bind(identities);
  identities.findUser = async (username) => {
    lookups += 1;
    return findUser(username);
  };
  return { authenticator: new Authenticator(identities, new RobotTokenStore(database.db, clock), clock, { cacheTtlMs: 30_000 }), lookups: () => lookups };
}

describe('Authenticator', () => {
  it('verifies one credential once for many concurrent requests, and again after the cache expires', async () => {
    const { authenticator, lookups } = countingAuthenticator();
    const principals = await Promise.all(Array.from({ length: 50 }, () => authenticator.basic('alice', 'alice-password-1')));
    expect(new Set(principals.map((p) => p.kind === 'user' && p.username))).toEqual(new Set(['alice']));
    expect(lookups()).toBe(1);
    now += 31_000;
    await Promise.all(Array.from({ length: 50 }, () => authenticator.basic('alice', 'alice-password-1')));
    expect(lookups()).toBe(2);
  });

  it('shares a failed verification too, and does not cache it', async () => {
    const { authenticator, lookups } = countingAuthenticator();
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => authenticator.basic('alice', 'wrong-password-1')));
    expect(results.every((r) => r.status === 'rejected' && /invalid username or password/.test(String(r.reason)))).toBe(true);
    expect(lookups()).toBe(1);
    await expect(authenticator.basic('alice', 'wrong-password-1')).rejects.toThrow('invalid username or password');
    expect(lookups()).toBe(2);
  });

  it('answers the same for unknown users and wrong passwords', async () => {
    const { authenticator } = countingAuthenticator();
    await expect(authenticator.basic('nobody', 'alice-password-1')).rejects.toThrow('invalid username or password');
  });
});
