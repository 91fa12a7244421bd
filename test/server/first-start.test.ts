/** First start without AIRLOCK_ADMIN_PASSWORD: a generated admin password lands in a private file, never in the log. */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { basicAuth } from '../helpers/airlock.js';
import { spawnAirlock } from '../helpers/airlock-process.js';

describe('first start', () => {
  it('writes a generated admin password to a file only the owner can read, and keeps it out of the log', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'airlock-first-start-'));
    const server = await spawnAirlock(dataDir, { env: { AIRLOCK_ADMIN_PASSWORD: '' } });
    try {
      const file = path.join(dataDir, 'initial-admin-password');
      const password = (await readFile(file, 'utf8')).trim();
      expect(password.length).toBeGreaterThanOrEqual(20);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      const whoami = await fetch(`${server.url}/api/v1/whoami`, { headers: { authorization: basicAuth({ username: 'admin', password }) } });
      expect(await whoami.json()).toMatchObject({ username: 'admin', role: 'admin' });
      expect(server.output()).toContain('initial-admin-password');
      expect(server.output()).not.toContain(password);
    } finally {
      await server.stop();
    }
    // A restart neither replaces the password nor creates another admin.
    const before = await readFile(path.join(dataDir, 'initial-admin-password'), 'utf8');
    const again = await spawnAirlock(dataDir, { env: { AIRLOCK_ADMIN_PASSWORD: '' } });
    await again.stop();
    expect(await readFile(path.join(dataDir, 'initial-admin-password'), 'utf8')).toBe(before);
    expect(again.output()).not.toContain('created user admin');
    await rm(dataDir, { recursive: true, force: true });
  });
});
