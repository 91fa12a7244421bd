/**
 * /api/v1/policies over real HTTP, with a gate judging real images pushed by
 * skopeo: who may read and apply which policy, validation with line numbers,
 * optimistic concurrency, the audit entry and event of an apply, and what a
 * candidate policy would do (preview, test) before the re-decision does it.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_ORG_POLICY } from '../../src/policy/index.js';
import { VulnerabilityDatabase } from '../../src/scan/index.js';
import { ADMIN, startAirlock, type Credentials, type TestAirlock } from '../helpers/airlock.js';
import { skopeo } from '../helpers/skopeo.js';

const layout = path.join(inject('testImagesDir'), 'oci');
const OSV = path.resolve(import.meta.dirname, '../../../shared/data/osv-advisories');

type ApiErrorBody = { error: { code: string; message: string; detail?: { issues?: Array<{ path: string; line: number; column: number; message: string }> } } };
type Version = { scope: string; team?: string; name: string; version: number; text?: string; createdBy: string; createdAt: number; changed?: boolean; previousVersion?: number | null };
type Impact = { scope: string; examined: number; revocations: Array<Record<string, unknown>>; approvals: Array<Record<string, unknown>>; unknown: unknown[] };

const DEFAULT_RULES = `    - id: no-critical
      deny: {severity: critical}
    - id: no-fixable-high
      deny: {severity: high, fixAvailable: true}
`;
const orgPolicy = (rules: string) => `apiVersion: airlock/v1\nkind: Policy\nmetadata:\n  name: org\nspec:\n  gracePeriod: 7d\n  rules:\n${rules}`;
const teamPolicy = (team: string, rules = '    - id: no-high\n      warn: {severity: high}\n') => `apiVersion: airlock/v1\nkind: Policy\nmetadata:\n  name: ${team}-policy\n  team: ${team}\nspec:\n  rules:\n${rules}`;
/** Stricter than the default: dpkg, which every Debian image carries, is denied. */
const NO_DPKG = orgPolicy(`${DEFAULT_RULES}    - id: no-dpkg\n      deny: {package: {ecosystem: Debian, name: dpkg}}\n`);
/** Looser than the default: critical vulnerabilities only warn. */
const LAX = orgPolicy('    - id: note-critical\n      warn: {severity: critical}\n');

let airlock: TestAirlock;
let sec: Credentials;
let devA: Credentials;
let devB: Credentials;
let vic: Credentials;
let robot: Credentials;

const api = <T>(method: string, apiPath: string, body?: unknown, as: Credentials = ADMIN) => airlock.api<T>(method, apiPath, body, as);
const orgVersion = async () => (await api<Version>('GET', '/policies/org')).body.version;

async function push(tag: string, repository: string): Promise<void> {
  await skopeo(['copy', '--dest-tls-verify=false', '--dest-creds', `ci:${robot.password}`, `oci:${layout}:${tag}`, `docker://${airlock.host}/${repository}`]);
}

async function waitForState(ref: string, done: (state: string) => boolean, timeoutMs = 60_000): Promise<{ state: string; reasons: Array<Record<string, string>> }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await api<{ state: string; reasons: Array<Record<string, string>> }>('GET', `/images/status?ref=${encodeURIComponent(ref)}`);
    if (status.status === 200 && done(status.body.state)) return status.body;
    if (Date.now() > deadline) throw new Error(`${ref} still ${JSON.stringify(status.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

let pushed: Promise<void>;

beforeAll(async () => {
  airlock = await startAirlock({ config: { gate: { workers: 1, pollInterval: '100ms' } } });
  await airlock.createTeam('acme');
  await airlock.createTeam('beta');
  sec = await airlock.createUser('sec', 'security');
  devA = await airlock.createUser('dev-a', 'developer', [{ team: 'acme', role: 'developer' }]);
  devB = await airlock.createUser('dev-b', 'developer', [{ team: 'beta', role: 'developer' }]);
  vic = await airlock.createUser('vic', 'viewer');
  robot = { username: 'ci', password: (await airlock.createToken('acme', 'ci')).token };
  await new VulnerabilityDatabase(airlock.server.database.db).update({ sources: [path.join(OSV, 'ghsa-npm-maven-rubygems/advisories')] });
  // The gate judges these while the tests that need no images run.
  pushed = push('debian', 'quarantine/acme/debian:12').then(() => push('nodeapp', 'quarantine/acme/nodeapp:1.0'));
});
afterAll(async () => {
  await pushed.catch(() => undefined);
  await airlock.close();
});

describe('reading policies', () => {
  it('shows everyone signed in the org policy, which starts as the shipped default', async () => {
    const org = await api<Version>('GET', '/policies/org', undefined, vic);
    expect(org.status).toBe(200);
    expect(org.body).toMatchObject({ scope: 'org', name: 'org', version: 1, createdBy: 'airlock', text: DEFAULT_ORG_POLICY });
    expect((await api('GET', '/policies/org', undefined, robot)).status).toBe(200);
    expect((await api('GET', '/policies/org')).status).toBe(200);
  });

  it('shows a team policy to its members and the org-wide roles, never to another team', async () => {
    expect((await api('PUT', '/policies/teams/acme', { text: teamPolicy('acme') }, sec)).status).toBe(200);
    for (const who of [devA, vic, sec, ADMIN]) expect((await api<Version>('GET', '/policies/teams/acme', undefined, who)).body).toMatchObject({ scope: 'team:acme', version: 1, createdBy: 'sec' });
    for (const route of ['/policies/teams/acme', '/policies/teams/acme/history', '/policies/teams/acme/versions/1']) {
      const denied = await api<ApiErrorBody>('GET', route, undefined, devB);
      expect(denied.status, route).toBe(403);
      expect(denied.body.error.code).toBe('DENIED');
    }
    const listed = async (who: Credentials) => (await api<{ policies: Version[] }>('GET', '/policies', undefined, who)).body.policies.map((policy) => policy.scope);
    expect(await listed(devB)).toEqual(['org']);
    expect(await listed(devA)).toEqual(['org', 'team:acme']);
    expect(await listed(vic)).toEqual(['org', 'team:acme']);
  });

  it('answers 404 for a team without a policy, an unknown team and an unknown version, and 400 for a malformed version', async () => {
    expect((await api<ApiErrorBody>('GET', '/policies/teams/beta')).body.error.message).toMatch(/team beta has no policy of its own/);
    expect((await api('GET', '/policies/teams/nobody')).status).toBe(404);
    expect((await api<ApiErrorBody>('GET', '/policies/org/versions/99')).status).toBe(404);
    expect((await api<ApiErrorBody>('GET', '/policies/org/versions/first')).body.error.code).toBe('INVALID');
    expect((await api<{ versions: Version[] }>('GET', '/policies/teams/beta/history')).body.versions).toEqual([]);
  });
});

describe('who may apply a policy', () => {
  it('refuses the org policy to developers, viewers and robots, and stores nothing', async () => {
    const before = await orgVersion();
    for (const who of [devA, vic, robot]) {
      const refused = await api<ApiErrorBody>('PUT', '/policies/org', { text: LAX }, who);
      expect(refused.status, who.username).toBe(403);
      expect(refused.body.error.code).toBe('DENIED');
    }
    expect((await api<ApiErrorBody>('PUT', '/policies/org', { text: LAX }, devA)).body.error.message).toBe('changing the org policy needs the admin or security role');
    expect(await orgVersion()).toBe(before);
  });

  it("lets a team's developers apply their own team's policy, but not another team's; viewers change nothing", async () => {
    expect((await api<ApiErrorBody>('PUT', '/policies/teams/acme', { text: teamPolicy('acme') }, devB)).status).toBe(403);
    expect((await api<ApiErrorBody>('PUT', '/policies/teams/acme', { text: teamPolicy('acme') }, vic)).status).toBe(403);
    const applied = await api<Version>('PUT', '/policies/teams/acme', { text: teamPolicy('acme', '    - id: no-medium\n      warn: {severity: medium}\n') }, devA);
    expect(applied.status).toBe(200);
    expect(applied.body).toMatchObject({ scope: 'team:acme', version: 2, previousVersion: 1, changed: true, createdBy: 'dev-a' });
  });
});

describe('validation', () => {
  it('summarises a valid document', async () => {
    const valid = await api<Record<string, unknown>>('POST', '/policies/validate', { text: NO_DPKG }, vic);
    expect(valid.status).toBe(200);
    expect(valid.body).toMatchObject({ valid: true, scope: 'org', name: 'org', gracePeriod: '7d' });
    expect(valid.body.rules).toEqual([
      { id: 'no-critical', action: 'deny', kind: 'severity' },
      { id: 'no-fixable-high', action: 'deny', kind: 'severity' },
      { id: 'no-dpkg', action: 'deny', kind: 'package' },
    ]);
  });

  it('answers 422 with every problem at its line and column', async () => {
    const text = orgPolicy('    - id: no-critical\n      deny: {severity: extreme}\n    - id: typo\n      deny: {severity: high}\n      colour: red\n');
    const invalid = await api<ApiErrorBody>('POST', '/policies/validate', { text });
    expect(invalid.status).toBe(422);
    expect(invalid.body.error.code).toBe('POLICY_INVALID');
    expect(invalid.body.error.detail?.issues).toEqual([
      { path: 'spec.rules[0].deny.severity', line: 9, column: 24, message: expect.stringMatching(/expected one of/) as unknown },
      { path: 'spec.rules[1].colour', line: 12, column: 7, message: 'unknown key "colour"' },
    ]);
    const broken = await api<ApiErrorBody>('POST', '/policies/validate', { text: 'apiVersion: airlock/v1\nkind: [Policy\n' });
    expect(broken.status).toBe(422);
    expect(broken.body.error.detail?.issues?.[0]).toMatchObject({ path: 'YAML', line: expect.any(Number) as unknown });
  });

  it('refuses to apply an invalid document (422), one for another scope (400), or a malformed request (400)', async () => {
    const before = await orgVersion();
    expect((await api<ApiErrorBody>('PUT', '/policies/org', { text: 'kind: Policy\n' }, sec)).status).toBe(422);
    const wrongScope = await api<ApiErrorBody>('PUT', '/policies/org', { text: teamPolicy('acme') }, sec);
    expect(wrongScope.status).toBe(400);
    expect(wrongScope.body.error.message).toMatch(/team acme's policy .* apply it to \/policies\/teams\/acme/);
    expect((await api<ApiErrorBody>('PUT', '/policies/teams/acme', { text: teamPolicy('beta') }, sec)).body.error.message).toMatch(/set metadata.team: acme/);
    expect((await api<ApiErrorBody>('PUT', '/policies/teams/acme', { text: LAX }, sec)).status).toBe(400);
    expect((await api<ApiErrorBody>('PUT', '/policies/org', { policy: LAX }, sec)).body.error.code).toBe('INVALID');
    expect((await api<ApiErrorBody>('PUT', '/policies/org', { text: LAX, expectedVersion: 'latest' }, sec)).status).toBe(400);
    expect((await api<ApiErrorBody>('PUT', '/policies/teams/nobody', { text: teamPolicy('nobody') }, sec)).status).toBe(404);
    expect(await orgVersion()).toBe(before);
  });
});

describe('applying', () => {
  it('lets exactly one of two concurrent edits of the same version win; the other gets 409 naming the current version', async () => {
    const current = await orgVersion();
    const edits = ['warn-high', 'warn-medium'].map((id) => orgPolicy(`${DEFAULT_RULES}    - id: ${id}\n      warn: {severity: ${id.slice(5)}}\n`));
    const results = await Promise.all(edits.map((text) => api<Version & ApiErrorBody>('PUT', '/policies/org', { text, expectedVersion: current }, sec)));
    expect(results.map((result) => result.status).sort()).toEqual([200, 409]);
    const lost = results.find((result) => result.status === 409);
    expect(lost?.body.error.code).toBe('CONFLICT');
    expect(lost?.body.error.message).toContain(`the org policy is at version ${current + 1}, not ${current}`);
    const history = (await api<{ versions: Version[] }>('GET', '/policies/org/history', undefined, vic)).body.versions;
    expect(history.map((version) => version.version)).toEqual([current + 1, ...Array.from({ length: current }, (_, i) => current - i)]);
    expect(history[0]).not.toHaveProperty('text');
  });

  it('records who applied which version in the audit trail and announces it as a policy.changed event', async () => {
    const before = await orgVersion();
    const text = orgPolicy(`${DEFAULT_RULES}    - id: warn-low\n      warn: {severity: low}\n`);
    const applied = await api<Version>('PUT', '/policies/org', { text, expectedVersion: before }, sec);
    expect(applied.body).toMatchObject({ version: before + 1, previousVersion: before, changed: true, text });
    const audit = await api<{ entries: Array<{ actor: string; target: string; details: Record<string, unknown> }> }>('GET', '/audit?action=policy.applied&target=policy:org&limit=1');
    expect(audit.body.entries[0]).toMatchObject({ actor: 'user:sec', target: 'policy:org', details: { version: before + 1, previousVersion: before } });
    const events = await api<{ events: Array<{ type: string; subject: string; team: string | null; data: Record<string, unknown> }> }>('GET', '/events?type=policy.changed');
    expect(events.body.events[0]).toMatchObject({ subject: 'policy:org', team: null, data: { scope: 'org', version: before + 1, previousVersion: before, appliedBy: 'user:sec' } });
    expect(events.body.events.filter((event) => event.team === 'acme').map((event) => event.data.version)).toEqual([2, 1]);

    const again = await api<Version>('PUT', '/policies/org', { text }, sec);
    expect(again.body).toMatchObject({ version: before + 1, changed: false });
    expect((await api<{ events: unknown[] }>('GET', '/events?type=policy.changed')).body.events).toHaveLength(events.body.events.length);
  });
});

describe('what a candidate would do, with real images', () => {
  beforeAll(async () => {
    await pushed;
    expect((await waitForState('quarantine/acme/debian:12', (state) => state === 'approved' || state === 'rejected')).state).toBe('approved');
    expect((await waitForState('quarantine/acme/nodeapp:1.0', (state) => state === 'approved' || state === 'rejected')).state).toBe('rejected');
  });

  it('diffs a candidate against the current policy of its scope', async () => {
    const diff = await api<{ scope: string; currentVersion: number; identical: boolean; rendered: string }>('POST', '/policies/diff', { text: NO_DPKG }, vic);
    expect(diff.body).toMatchObject({ scope: 'org', currentVersion: await orgVersion(), identical: false });
    expect(diff.body.rendered).toContain('+ rule no-dpkg: deny {package: {ecosystem: Debian, name: dpkg}}');
    expect(diff.body.rendered).toMatch(/^- rule warn-low/m);
    expect((await api('POST', '/policies/diff', { text: teamPolicy('acme') }, devB)).status).toBe(403);
  });

  it('previews the approved images a stricter policy would revoke, and only those the caller sees', async () => {
    const preview = await api<Impact>('POST', '/policies/preview', { text: NO_DPKG }, sec);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ scope: 'org', examined: 2, approvals: [], unknown: [] });
    expect(preview.body.revocations).toEqual([
      expect.objectContaining({ repository: 'quarantine/acme/debian', team: 'acme', tags: ['12'], state: 'approved', becomes: 'at-risk', reasons: [expect.objectContaining({ rule: 'no-dpkg', package: 'dpkg' })] }),
    ]);
    const revokeAt = Date.parse(preview.body.revocations[0]?.revokeAt as string);
    expect(revokeAt - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
    expect((await api<Impact>('POST', '/policies/preview', { text: NO_DPKG }, devB)).body).toMatchObject({ examined: 0, revocations: [] });
  });

  it('previews the rejected images a looser policy would approve', async () => {
    const preview = await api<Impact>('POST', '/policies/preview', { text: LAX }, devA);
    expect(preview.body.revocations).toEqual([]);
    expect(preview.body.approvals).toEqual([expect.objectContaining({ repository: 'quarantine/acme/nodeapp', state: 'rejected', becomes: 'approved' })]);
  });

  it('tests one image against a candidate without applying it', async () => {
    const strict = await api<Record<string, unknown>>('POST', '/policies/test', { text: NO_DPKG, ref: 'acme/debian:12' }, devA);
    expect(strict.body).toMatchObject({ scope: 'org', repository: 'quarantine/acme/debian', state: 'approved', outcome: 'fail', becomes: 'at-risk' });
    const lax = await api<Record<string, unknown>>('POST', '/policies/test', { text: LAX, ref: 'quarantine/acme/nodeapp:1.0' }, devA);
    expect(lax.body).toMatchObject({ outcome: 'pass', becomes: 'approved', reasons: [] });
    expect((await api('POST', '/policies/test', { text: NO_DPKG, ref: 'acme/debian:12' }, devB)).status).toBe(404);
    expect((await api<ApiErrorBody>('POST', '/policies/test', { text: teamPolicy('beta'), ref: 'acme/debian:12' })).body.error.message).toMatch(/does not judge images of team acme/);
    expect((await api<ApiErrorBody>('POST', '/policies/test', { text: NO_DPKG, ref: 'Not A Ref' })).status).toBe(400);
    expect((await waitForState('acme/debian:12', () => true)).state).toBe('approved');
  });

  it('re-decides the images once the policy is applied, as the preview said', async () => {
    const applied = await api<Version>('PUT', '/policies/org', { text: NO_DPKG, expectedVersion: await orgVersion() }, sec);
    expect(applied.status).toBe(200);
    const status = await waitForState('quarantine/acme/debian:12', (state) => state !== 'approved');
    expect(status.state).toBe('at-risk');
    expect(status.reasons).toEqual([expect.objectContaining({ rule: 'no-dpkg', package: 'dpkg' })]);
  });
});
