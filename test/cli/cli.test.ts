/** The `airlock` command against a running server: what users type, what scripts parse, how it fails. */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, basicAuth, startAirlock, type TestAirlock } from '../helpers/airlock.js';
import { RegistryClient } from '../helpers/registry-client.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';

let airlock: TestAirlock;

function cli(args: string[], env: Record<string, string> = {}, stdin?: string): Promise<CliResult> {
  return runCli(args, { AIRLOCK_SERVER: airlock.url, AIRLOCK_USERNAME: ADMIN.username, AIRLOCK_PASSWORD: ADMIN.password, ...env }, stdin);
}

beforeAll(async () => {
  airlock = await startAirlock();
});
afterAll(() => airlock.close());

describe('airlock CLI', () => {
  it('creates and lists teams and users', async () => {
    expect((await cli(['team', 'create', 'payments'])).code).toBe(0);
    const created = await cli(['user', 'create', 'alice', '--team', 'payments:developer', '--json']);
    expect(created.code).toBe(0);
    const alice = JSON.parse(created.stdout) as { username: string; password: string };
    expect(alice.password.length).toBeGreaterThanOrEqual(20);
    const whoami = await fetch(`${airlock.url}/api/v1/whoami`, { headers: { authorization: basicAuth({ username: 'alice', password: alice.password }) } });
    expect(await whoami.json()).toMatchObject({ username: 'alice', teams: { payments: 'developer' } });
    expect((await cli(['user', 'create', 'bob', '--password-stdin'], {}, 'bob-chosen-password\n')).code).toBe(0);
    const bob = await fetch(`${airlock.url}/api/v1/whoami`, { headers: { authorization: basicAuth({ username: 'bob', password: 'bob-chosen-password' }) } });
    expect(bob.status).toBe(200);

    const teams = await cli(['team', 'list']);
    expect(teams.stdout.split('\n')[0]).toMatch(/^NAME\s+MEMBERS\s+CREATEDAT$/);
    expect(teams.stdout).toMatch(/payments\s+alice\(developer\)/);
    const users = JSON.parse((await cli(['user', 'list', '--json'])).stdout) as Array<{ username: string }>;
    expect(users.map((u) => u.username)).toEqual(['admin', 'alice', 'bob']);
  });

  it('creates, lists and revokes robot tokens; a revoked token stops working', async () => {
    const created = JSON.parse((await cli(['token', 'create', '--team', 'payments', '--role', 'ci', '--name', 'pipeline', '--expires', '7d', '--json'])).stdout) as { id: string; token: string };
    const registry = new RegistryClient(airlock.url, basicAuth({ username: 'ci', password: created.token }));
    await registry.pushImage('quarantine/payments/api', '1.0');
    const listed = await cli(['token', 'list', '--team', 'payments']);
    expect(listed.stdout).toMatch(new RegExp(`${created.id}\\s+pipeline\\s+payments\\s+ci\\s+admin`));
    expect(listed.stdout).not.toContain(created.token);
    expect((await cli(['token', 'revoke', created.id])).code).toBe(0);
    expect((await registry.request('GET', '/v2/quarantine/payments/api/tags/list')).status).toBe(401);
  });

  it('promotes an image and runs gc', async () => {
    const promoted = await cli(['promote', 'quarantine/payments/api:1.0', '--json']);
    expect(promoted.code).toBe(0);
    expect(JSON.parse(promoted.stdout)).toMatchObject({ target: 'payments/api:1.0' });
    const gc = JSON.parse((await cli(['gc', '--dry-run', '--json'])).stdout) as { dryRun: boolean; blobsDeleted: number };
    expect(gc).toMatchObject({ dryRun: true, blobsDeleted: 0 });
  });

  it('fails with an actionable message and exit code 1', async () => {
    const noCredentials = await cli(['team', 'list'], { AIRLOCK_USERNAME: '', AIRLOCK_PASSWORD: '' });
    expect(noCredentials.code).toBe(1);
    expect(noCredentials.stderr).toContain('set AIRLOCK_USERNAME and AIRLOCK_PASSWORD, or AIRLOCK_TOKEN');
    const wrong = await cli(['team', 'list'], { AIRLOCK_PASSWORD: 'wrong-password-123' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('invalid username or password');
    const unreachable = await cli(['team', 'list', '--server', 'http://127.0.0.1:9']);
    expect(unreachable.stderr).toContain('cannot reach Airlock at http://127.0.0.1:9');
    const denied = await cli(['promote', 'payments/api:1.0']);
    expect(denied.stderr).toContain('only images in quarantine/<team>/<name> can be promoted');
    const usage = await cli(['token', 'create', '--team', 'payments']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("required option '--role <role>' not specified");
  });

  it('refuses to serve on bad configuration, naming the key', async () => {
    const bad = await cli(['serve'], { AIRLOCK_LISTEN: 'not-an-address', AIRLOCK_DATA_DIR: path.join(airlock.dataDir, 'unused') });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('listen (or AIRLOCK_LISTEN): expected host:port');
  });
});
