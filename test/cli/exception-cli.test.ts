/** `airlock exception …` against a running server: create, list, revoke, OpenVEX import and export; output and exit codes. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startAirlock, type Credentials, type TestAirlock } from '../helpers/airlock.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';

type Exception = { id: string; vulnerability: string; package: string | null; scope: string; state: string; expiresAt: number; createdBy: string };
const LOG4SHELL_VEX = path.resolve(import.meta.dirname, '../../src/policy/fixtures/spec-example-log4shell.vex.json');
const DAY = 86_400_000;

let airlock: TestAirlock;
let scratch: string;
let sec: Credentials;
let dana: Credentials;

function cli(args: string[], as: Credentials = sec): Promise<CliResult> {
  return runCli(args, { AIRLOCK_SERVER: airlock.url, AIRLOCK_USERNAME: as.username, AIRLOCK_PASSWORD: as.password });
}

function json<T>(result: CliResult): T {
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as T;
}

beforeAll(async () => {
  airlock = await startAirlock();
  scratch = await mkdtemp(path.join(tmpdir(), 'airlock-cli-exception-'));
  await airlock.createTeam('payments');
  sec = await airlock.createUser('sec', 'security');
  dana = await airlock.createUser('dana', 'developer', [{ team: 'payments', role: 'developer' }]);
});
afterAll(async () => {
  await airlock.close();
  await rm(scratch, { recursive: true, force: true });
});

describe('airlock exception', () => {
  let created: Exception;

  it('creates an exception for exactly one scope', async () => {
    const shown = await cli(['exception', 'create', '--vuln', 'CVE-2021-44906', '--package', 'minimist', '--team', 'payments', '--reason', 'only parses our own CLI flags', '--expires', '2099-12-31']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/^vulnerability:\s+CVE-2021-44906$/m);
    expect(shown.stdout).toMatch(/^scope:\s+team:payments$/m);
    expect(shown.stdout).toMatch(/^expiresAt:\s+2099-12-31T00:00:00\.000Z$/m);
    created = json<Exception>(await cli(['exception', 'create', '--vuln', 'GHSA-xvch-5gv4-984h', '--repo', 'payments/api', '--reason', 'sandboxed', '--expires', '30d', '--json']));
    expect(created).toMatchObject({ vulnerability: 'GHSA-xvch-5gv4-984h', package: null, scope: 'repository:payments/api', state: 'active', createdBy: 'sec' });
    expect(Math.abs(created.expiresAt - (Date.now() + 30 * DAY))).toBeLessThan(60_000);
    const org = json<Exception>(await cli(['exception', 'create', '--vuln', 'CVE-2024-0001', '--org', '--reason', 'false positive', '--expires', '2099-01-01T12:00:00Z', '--json'], ADMIN));
    expect(org.scope).toBe('org');
  });

  it('refuses a missing or doubled scope as a usage error, and what the server refuses with its code', async () => {
    const base = ['exception', 'create', '--vuln', 'CVE-2024-0002', '--reason', 'x', '--expires', '2099-12-31'];
    for (const scope of [[], ['--org', '--team', 'payments']]) {
      const usage = await cli([...base, ...scope]);
      expect(usage.code).toBe(2);
      expect(usage.stderr).toContain('give exactly one scope: --org, --team <team> or --repo <team>/<name>');
    }
    expect((await cli(['exception', 'create', '--vuln', 'CVE-2024-0002', '--org', '--expires', '2099-12-31'])).code).toBe(2); // --reason is required
    const denied = await cli([...base, '--team', 'payments'], dana);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toContain('needs the security role');
    expect(denied.stderr).toContain('[DENIED]');
    const past = await cli(['exception', 'create', '--vuln', 'CVE-2024-0002', '--org', '--reason', 'x', '--expires', '2020-01-01']);
    expect(past.code).toBe(1);
    expect(past.stderr).toContain('is not in the future (EXPIRY_NOT_IN_FUTURE) [EXCEPTION_INVALID]');
    const unknownTeam = await cli([...base, '--team', 'nobody']);
    expect(unknownTeam.code).toBe(1);
    expect(unknownTeam.stderr).toContain('team nobody does not exist');
  });

  it('lists exceptions as a table or JSON, filtered', async () => {
    const table = await cli(['exception', 'list'], dana);
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+VULNERABILITY\s+PACKAGE\s+SCOPE\s+STATE\s+EXPIRESAT\s+CREATEDBY\s+REASON$/);
    expect(table.stdout).toMatch(/CVE-2021-44906\s+minimist\s+team:payments\s+active\s+2099-12-31T00:00:00\.000Z\s+sec\s+only parses our own CLI flags/);
    expect(lines).toHaveLength(4);
    const page = json<{ exceptions: Exception[] }>(await cli(['exception', 'list', '--team', 'payments', '--vuln', 'cve-2024-0001', '--json'], dana));
    expect(page.exceptions.map((e) => e.scope)).toEqual(['org']);
  });

  it('revokes once; the second time fails with CONFLICT', async () => {
    const revoked = await cli(['exception', 'revoke', created.id, '--reason', 'the sandbox was removed']);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toMatch(/^state:\s+revoked$/m);
    expect(revoked.stdout).toMatch(/^revokedBy:\s+sec$/m);
    const again = await cli(['exception', 'revoke', created.id]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('[CONFLICT]');
    expect(json<{ exceptions: Exception[] }>(await cli(['exception', 'list', '--state', 'revoked', '--json'])).exceptions.map((e) => e.id)).toEqual([created.id]);
  });
});

describe('airlock exception vex', () => {
  it('imports an OpenVEX document for a scope, and refuses files that are not one', async () => {
    const imported = await cli(['exception', 'vex', 'import', LOG4SHELL_VEX, '--team', 'payments', '--expires', '2099-06-30']);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/CVE-2021-44228\s+pkg:maven\/org\.springframework\.boot\/spring-boot@2\.6\.0-M3\s+team:payments\s+active\s+2099-06-30T00:00:00\.000Z\s+sec\s+VEX not_affected/);
    const withDefault = json<{ exceptions: Exception[] }>(await cli(['exception', 'vex', 'import', LOG4SHELL_VEX, '--org', '--json']));
    expect(Math.abs((withDefault.exceptions[0]?.expiresAt ?? 0) - (Date.now() + 90 * DAY))).toBeLessThan(60_000);
    const noScope = await cli(['exception', 'vex', 'import', LOG4SHELL_VEX]);
    expect(noScope.code).toBe(2);
    const notJson = path.join(scratch, 'not.vex.json');
    await writeFile(notJson, 'statements: []\n');
    const invalid = await cli(['exception', 'vex', 'import', notJson, '--org']);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('is not JSON, so not an OpenVEX document');
    const notVex = path.join(scratch, 'empty.json');
    await writeFile(notVex, '{"statements": []}');
    expect((await cli(['exception', 'vex', 'import', notVex, '--org'])).stderr).toContain('[VEX_INVALID]');
    expect((await cli(['exception', 'vex', 'import', LOG4SHELL_VEX, '--org'], dana)).stderr).toContain('[DENIED]');
  });

  it('exports the active exceptions as OpenVEX, to a file or standard output', async () => {
    const file = path.join(scratch, 'export.vex.json');
    expect(await cli(['exception', 'vex', 'export', '-o', file], dana)).toMatchObject({ code: 0, stdout: '', stderr: '' });
    type Vex = { '@context': string; author: string; statements: Array<{ vulnerability: { name: string }; status: string }> };
    const written = JSON.parse(await readFile(file, 'utf8')) as Vex;
    expect(written['@context']).toBe('https://openvex.dev/ns/v0.2.0');
    expect(written.statements.map((statement) => statement.vulnerability.name).sort()).toEqual(['CVE-2021-44228', 'CVE-2021-44228', 'CVE-2021-44906', 'CVE-2024-0001']);
    const printed = JSON.parse((await cli(['exception', 'vex', 'export', '--author', 'Security <security@example.com>'])).stdout) as Vex;
    expect(printed.author).toBe('Security <security@example.com>');
    expect(printed.statements.every((statement) => statement.status === 'not_affected')).toBe(true);
  });
});
