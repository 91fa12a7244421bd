/**
 * `airlock policy …` as a user runs it: local validation without a server,
 * show/history/diff against a running one, apply that previews the impact and
 * refuses to revoke an approved image without --yes, and policy test's exit
 * codes — with a real image pushed by skopeo and judged by the gate.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_ORG_POLICY } from '../../src/policy/index.js';
import { ADMIN, startAirlock, type Credentials, type TestAirlock } from '../helpers/airlock.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { skopeo } from '../helpers/skopeo.js';

const layout = path.join(inject('testImagesDir'), 'oci');
const NO_DPKG = DEFAULT_ORG_POLICY.replace(
  '  rules:\n',
  '  rules:\n    - id: no-dpkg\n      description: dpkg has no place in a runtime image.\n      deny: {package: {ecosystem: Debian, name: dpkg}}\n',
);
const WARN_LOW = `${DEFAULT_ORG_POLICY}    - id: warn-low\n      warn: {severity: low}\n`;
const INVALID = 'apiVersion: airlock/v1\nkind: Policy\nmetadata:\n  name: org\nspec:\n  rules:\n    - id: no-critical\n      deny: {severity: extreme}\n';
const ACME = 'apiVersion: airlock/v1\nkind: Policy\nmetadata:\n  name: acme-policy\n  team: acme\nspec:\n  rules:\n    - id: no-medium\n      warn: {severity: medium}\n';

let airlock: TestAirlock;
let scratch: string;
let sec: Credentials;
let dev: Credentials;
const files: Record<string, string> = {};

function cli(args: string[], as: Credentials = ADMIN): Promise<CliResult> {
  return runCli(args, { AIRLOCK_SERVER: airlock.url, AIRLOCK_USERNAME: as.username, AIRLOCK_PASSWORD: as.password });
}

function json<T>(result: CliResult): T {
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as T;
}

async function orgVersion(): Promise<number> {
  return (await airlock.api<{ version: number }>('GET', '/policies/org')).body.version;
}

beforeAll(async () => {
  airlock = await startAirlock({ config: { gate: { workers: 1, pollInterval: '100ms' } } });
  scratch = await mkdtemp(path.join(tmpdir(), 'airlock-cli-policy-'));
  for (const [name, text] of Object.entries({ 'no-dpkg.yaml': NO_DPKG, 'warn-low.yaml': WARN_LOW, 'invalid.yaml': INVALID, 'acme.yaml': ACME, 'default.yaml': DEFAULT_ORG_POLICY })) {
    files[name] = path.join(scratch, name);
    await writeFile(files[name], text);
  }
  await airlock.createTeam('acme');
  sec = await airlock.createUser('sec', 'security');
  dev = await airlock.createUser('dev', 'developer', [{ team: 'acme', role: 'developer' }]);
  const ci = (await airlock.createToken('acme', 'ci')).token;
  await skopeo(['copy', '--dest-tls-verify=false', '--dest-creds', `ci:${ci}`, `oci:${layout}:debian`, `docker://${airlock.host}/quarantine/acme/debian:12`]);
  const deadline = Date.now() + 60_000;
  while ((await airlock.api<{ state?: string }>('GET', '/images/status?ref=acme/debian:12')).body.state !== 'approved') {
    if (Date.now() > deadline) throw new Error('the debian image was not approved in time');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
});
afterAll(async () => {
  await airlock.close();
  await rm(scratch, { recursive: true, force: true });
});

describe('airlock policy validate', () => {
  it('checks a file without a server and without credentials', async () => {
    const valid = await runCli(['policy', 'validate', files['no-dpkg.yaml'] as string]);
    expect(valid).toEqual({ code: 0, stdout: `${files['no-dpkg.yaml']}: valid: the org policy ("org"), 3 rules\n`, stderr: '' });
  });

  it('prints each problem as file:line:column and exits 1', async () => {
    const invalid = await runCli(['policy', 'validate', files['invalid.yaml'] as string]);
    expect(invalid.code).toBe(1);
    expect(invalid.stdout).toMatch(new RegExp(`^${files['invalid.yaml']}:8:24: spec\\.rules\\[0\\]\\.deny\\.severity: expected one of .*\\n$`));
    const asJson = await runCli(['policy', 'validate', files['invalid.yaml'] as string, '--json']);
    expect(asJson.code).toBe(1);
    expect(JSON.parse(asJson.stdout)).toMatchObject({ valid: false, issues: [{ path: 'spec.rules[0].deny.severity', line: 8, column: 24 }] });
    const missing = await runCli(['policy', 'validate', path.join(scratch, 'nope.yaml')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read .*nope\.yaml: ENOENT/);
  });
});

describe('airlock policy show, history and diff', () => {
  it('prints exactly the stored text, so it can be redirected into a file', async () => {
    const shown = await cli(['policy', 'show'], dev);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toBe(DEFAULT_ORG_POLICY);
    expect(shown.stderr).toMatch(/^# org policy org, version 1, applied by airlock at \d{4}-/);
    expect(json<{ version: number; text: string }>(await cli(['policy', 'show', '--policy-version', '1', '--json']))).toMatchObject({ version: 1, text: DEFAULT_ORG_POLICY });
    const none = await cli(['policy', 'show', '--team', 'acme']);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/team acme has no policy of its own.*\[NOT_FOUND\]/);
  });

  it('diffs a file against the server’s current policy of its scope', async () => {
    const diff = await cli(['policy', 'diff', files['no-dpkg.yaml'] as string], dev);
    expect(diff.code).toBe(0);
    expect(diff.stdout).toBe(`${files['no-dpkg.yaml']} against org version 1:\n+ rule no-dpkg: deny {package: {ecosystem: Debian, name: dpkg}} — dpkg has no place in a runtime image.\n`);
    const invalid = await cli(['policy', 'diff', files['invalid.yaml'] as string]);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain(`${files['invalid.yaml']}:8:24: spec.rules[0].deny.severity`);
  });
});

describe('airlock policy test', () => {
  it('prints the would-be verdict and its reasons; exits 1 on fail, 0 on pass', async () => {
    const failed = await cli(['policy', 'test', files['no-dpkg.yaml'] as string, '--image', 'acme/debian:12'], dev);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/^verdict:\s+fail$/m);
    expect(failed.stdout).toMatch(/^becomes:\s+at-risk$/m);
    expect(failed.stdout).toMatch(/no-dpkg\s+-\s+dpkg\s+\S+\s+-\s+dpkg \S+ \(Debian\): dpkg is denied in every version/);
    const passed = await cli(['policy', 'test', files['default.yaml'] as string, '--image', 'quarantine/acme/debian:12', '--format', 'json'], dev);
    expect(passed.code).toBe(0);
    expect(JSON.parse(passed.stdout)).toMatchObject({ outcome: 'pass', state: 'approved', becomes: 'approved', reasons: [] });
    expect(await orgVersion()).toBe(1);
  });
});

describe('airlock policy apply', () => {
  it('refuses to revoke an approved image without --yes, showing which and why', async () => {
    const refused = await cli(['policy', 'apply', files['no-dpkg.yaml'] as string], sec);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/^would be put at risk or revoked: 1$/m);
    expect(refused.stdout).toMatch(/quarantine\/acme\/debian\s+12\s+sha256:\S+\s+approved\s+at-risk\s+\d{4}-\S+\s+dpkg/);
    expect(refused.stderr).toMatch(/not applied: 1 approved image would be put at risk or revoked; .* re-run with --yes/);
    expect(await orgVersion()).toBe(1);
  });

  it('applies a change that revokes nothing, and refuses a stale --expected-version', async () => {
    const applied = await cli(['policy', 'apply', files['warn-low.yaml'] as string, '--expected-version', '1'], sec);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toMatch(/^would be put at risk or revoked: none$/m);
    expect(applied.stdout).toMatch(/^version:\s+2$/m);
    expect(applied.stdout).toMatch(/^previousVersion:\s+1$/m);
    const stale = await cli(['policy', 'apply', files['no-dpkg.yaml'] as string, '--yes', '--expected-version', '1'], sec);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/the org policy is at version 2, not 1.*\[CONFLICT\]/);
    const denied = await cli(['policy', 'apply', files['warn-low.yaml'] as string], dev);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(/changing the org policy needs the admin or security role \[DENIED\]/);
  });

  it('applies a team policy to the team named in the file, by one of its developers', async () => {
    const applied = json<{ preview: { scope: string }; applied: { scope: string; version: number; changed: boolean } }>(await cli(['policy', 'apply', files['acme.yaml'] as string, '--json'], dev));
    expect(applied).toMatchObject({ preview: { scope: 'team:acme' }, applied: { scope: 'team:acme', version: 1, changed: true } });
    const history = await cli(['policy', 'history', '--team', 'acme']);
    expect(history.stdout.split('\n')[0]).toMatch(/^VERSION\s+NAME\s+CREATEDBY\s+CREATEDAT\s+DIGEST$/);
    expect(history.stdout).toMatch(/^1\s+acme-policy\s+dev\s+\d{4}-\S+\s+[0-9a-f]{12}$/m);
  });

  it('applies with --yes, and the gate then puts the image at risk', async () => {
    const applied = await cli(['policy', 'apply', files['no-dpkg.yaml'] as string, '--yes'], sec);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toMatch(/^version:\s+3$/m);
    const history = json<{ versions: Array<{ version: number; createdBy: string }> }>(await cli(['policy', 'history', '--json']));
    expect(history.versions.map((version) => [version.version, version.createdBy])).toEqual([
      [3, 'sec'],
      [2, 'sec'],
      [1, 'airlock'],
    ]);
    const deadline = Date.now() + 30_000;
    let state = '';
    while (state !== 'at-risk' && Date.now() < deadline) {
      state = (await airlock.api<{ state: string }>('GET', '/images/status?ref=acme/debian:12')).body.state;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(state).toBe('at-risk');
  });
});
