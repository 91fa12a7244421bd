/**
 * /api/v1/exceptions over real HTTP: only the security team accepts and
 * revokes vulnerabilities (everyone else: 403 DENIED); every change is in the
 * audit trail and the event log; callers list what affects the teams they see;
 * bad input is refused with codes; OpenVEX goes in and comes out; and a
 * rejected image becomes approved, and pullable, once its vulnerabilities are
 * accepted.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { VulnerabilityDatabase } from '../../src/scan/index.js';
import { startAirlock, type Credentials, type TestAirlock } from '../helpers/airlock.js';
import { skopeo } from '../helpers/skopeo.js';

type Exception = { id: string; vulnerability: string; aliases: string[]; package: string | null; scope: string; reason: string; justification: string | null; source: string | null; expiresAt: number; createdBy: string; state: string; revokedBy: string | null };
type ApiError = { error: { code: string; message: string; detail?: { issues?: Array<{ field: string; code: string }> } } };
type Page = { exceptions: Exception[]; nextCursor: string | null };

const FIXTURES = path.resolve(import.meta.dirname, '../../src/policy/fixtures');
const vexFixture = (name: string): unknown => JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8'));
const OSV = path.resolve(import.meta.dirname, '../../../shared/data/osv-advisories/ghsa-npm-maven-rubygems/advisories');
const layout = path.join(inject('testImagesDir'), 'oci');
const FUTURE = '2099-12-31';

let airlock: TestAirlock;
let sec: Credentials; // security
let dana: Credentials; // developer in payments
let sam: Credentials; // developer in search
let vic: Credentials; // organisation viewer
let robot: Credentials; // a payments ci token as a Basic password

const accept = (body: Record<string, unknown>, auth: Credentials = sec) => airlock.api<Exception & ApiError>('POST', '/exceptions', { reason: 'mitigated by the WAF', expiresAt: FUTURE, ...body }, auth);
const listIds = async (auth: Credentials, query = '') => (await airlock.api<Page>('GET', `/exceptions${query}`, undefined, auth)).body.exceptions.map((e) => e.vulnerability);

beforeAll(async () => {
  airlock = await startAirlock({ config: { gate: { workers: 1, pollInterval: '100ms' } } });
  for (const team of ['acme', 'payments', 'search']) await airlock.createTeam(team);
  sec = await airlock.createUser('sec', 'security');
  dana = await airlock.createUser('dana', 'developer', [{ team: 'payments', role: 'developer' }]);
  sam = await airlock.createUser('sam', 'developer', [{ team: 'search', role: 'developer' }]);
  vic = await airlock.createUser('vic', 'viewer');
  robot = { username: 'ci', password: (await airlock.createToken('payments', 'ci')).token };
  await new VulnerabilityDatabase(airlock.server.database.db).update({ sources: [OSV] });
});
afterAll(() => airlock.close());

describe('who may accept vulnerabilities', () => {
  it('refuses developers, viewers and robot tokens with 403 DENIED, and changes nothing', async () => {
    const existing = await accept({ vulnerability: 'CVE-2024-0100', scope: 'team:payments' });
    expect(existing.status).toBe(201);
    for (const caller of [dana, vic, robot]) {
      const created = await accept({ vulnerability: 'CVE-2024-0101', scope: 'team:payments' }, caller);
      expect(created.status).toBe(403);
      expect(created.body.error.code).toBe('DENIED');
      expect(created.body.error.message).toContain('needs the security role');
      const revoked = await airlock.api<ApiError>('POST', `/exceptions/${existing.body.id}/revoke`, {}, caller);
      expect([revoked.status, revoked.body.error.code]).toEqual([403, 'DENIED']);
      const imported = await airlock.api<ApiError>('POST', `/exceptions/vex?scope=org&expiresAt=${FUTURE}`, vexFixture('spec-example-log4shell.vex.json'), caller);
      expect([imported.status, imported.body.error.code]).toEqual([403, 'DENIED']);
    }
    expect(await listIds(sec, '?vulnerability=CVE-2024-0101')).toEqual([]);
    expect((await airlock.api<Exception>('GET', `/exceptions/${existing.body.id}`, undefined, sec)).body.state).toBe('active');
    expect((await fetch(`${airlock.url}/api/v1/exceptions`)).status).toBe(401);
  });

  it('records who accepted what, when, in the audit trail and the event log', async () => {
    const created = await accept({ vulnerability: 'CVE-2024-0200', aliases: ['GHSA-aaaa-bbbb-cccc'], package: 'pkg:npm/minimist', scope: 'team:payments', justification: 'vulnerable_code_not_in_execute_path' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      vulnerability: 'CVE-2024-0200',
      aliases: ['GHSA-aaaa-bbbb-cccc'],
      package: 'pkg:npm/minimist',
      scope: 'team:payments',
      reason: 'mitigated by the WAF',
      justification: 'vulnerable_code_not_in_execute_path',
      expiresAt: Date.parse(FUTURE),
      createdBy: 'sec',
      state: 'active',
      revokedBy: null,
    });
    const target = `exception:${created.body.id}`;
    const audit = await airlock.api<{ entries: Array<{ actor: string; action: string; target: string; details: Record<string, unknown> }> }>('GET', `/audit?target=${target}`, undefined, vic);
    expect(audit.body.entries).toEqual([
      expect.objectContaining({ actor: 'user:sec', action: 'exception.created', target, details: expect.objectContaining({ vulnerability: 'CVE-2024-0200', scope: 'team:payments', package: 'pkg:npm/minimist', expiresAt: '2099-12-31T00:00:00.000Z' }) as unknown }),
    ]);
    const events = await airlock.api<{ events: Array<{ type: string; subject: string; team: string | null; data: Record<string, unknown> }> }>('GET', '/events?type=exception.created', undefined, dana);
    expect(events.body.events.find((event) => event.subject === target)).toMatchObject({ type: 'exception.created', team: 'payments', data: { id: created.body.id, vulnerability: 'CVE-2024-0200', createdBy: 'sec' } });
  });
});

describe('bad input', () => {
  it('is refused with a status and a code, and stores nothing', async () => {
    const before = (await listIds(sec)).length;
    const issues = async (body: Record<string, unknown>) => {
      const response = await accept(body);
      expect(response.status, JSON.stringify(response.body)).toBe(400);
      expect(response.body.error.code).toBe('EXCEPTION_INVALID');
      return response.body.error.detail?.issues?.map((issue) => `${issue.field}:${issue.code}`);
    };
    expect(await issues({ vulnerability: 'CVE-2024-0300', scope: 'org', expiresAt: '2020-01-01' })).toEqual(['expiresAt:EXPIRY_NOT_IN_FUTURE']);
    expect(await issues({ vulnerability: 'CVE-2024-0300', scope: 'org', expiresAt: 'next tuesday' })).toEqual(['expiresAt:INVALID_EXPIRY']);
    expect(await issues({ vulnerability: 'CVE-2024-0300', scope: 'org', reason: undefined })).toEqual(['reason:REQUIRED']);
    expect(await issues({ vulnerability: 'CVE-2024-0300', scope: 'everyone' })).toEqual(['scope:INVALID_SCOPE']);
    expect(await issues({ vulnerability: 'CVE-2024-0300', scope: 'repository:quarantine' })).toEqual(['scope:INVALID_SCOPE']);
    expect(await issues({ scope: 'org', reason: ' ', expiresAt: '' })).toEqual(['vulnerability:REQUIRED', 'reason:REQUIRED', 'expiresAt:REQUIRED']);
    for (const scope of ['team:nobody', 'repository:nobody/app']) {
      const unknownTeam = await accept({ vulnerability: 'CVE-2024-0300', scope });
      expect([unknownTeam.status, unknownTeam.body.error.code]).toEqual([404, 'NOT_FOUND']);
      expect(unknownTeam.body.error.message).toContain('team nobody does not exist');
    }
    const unknownField = await accept({ vulnerability: 'CVE-2024-0300', scope: 'org', approvedBy: 'ciso' });
    expect([unknownField.status, unknownField.body.error.code]).toEqual([400, 'INVALID']);
    const badState = await airlock.api<ApiError>('GET', '/exceptions?state=forever', undefined, sec);
    expect([badState.status, badState.body.error.code]).toEqual([400, 'INVALID']);
    expect((await listIds(sec)).length).toBe(before);
  });
});

describe('listing, reading and revoking', () => {
  let searchOnly: Exception;

  beforeAll(async () => {
    await accept({ vulnerability: 'CVE-2024-0400', scope: 'org' });
    searchOnly = (await accept({ vulnerability: 'CVE-2024-0401', scope: 'team:search' })).body;
    const repository = await accept({ vulnerability: 'CVE-2024-0402', scope: 'repository:quarantine/payments/api' });
    expect(repository.body.scope).toBe('repository:payments/api');
  });

  it('shows each caller the exceptions of the teams they see', async () => {
    const mine = (ids: string[]) => ids.filter((id) => id.startsWith('CVE-2024-040'));
    expect(mine(await listIds(vic))).toEqual(['CVE-2024-0400', 'CVE-2024-0401', 'CVE-2024-0402']);
    expect(mine(await listIds(dana))).toEqual(['CVE-2024-0400', 'CVE-2024-0402']);
    expect(mine(await listIds(sam))).toEqual(['CVE-2024-0400', 'CVE-2024-0401']);
    expect(mine(await listIds(robot))).toEqual(['CVE-2024-0400', 'CVE-2024-0402']);
    expect(mine(await listIds(vic, '?team=payments'))).toEqual(['CVE-2024-0400', 'CVE-2024-0402']);
    expect(mine(await listIds(dana, '?team=search'))).toEqual([]);
    expect(await listIds(vic, '?scope=team:search')).toEqual(['CVE-2024-0401']);
    expect((await airlock.api('GET', `/exceptions/${searchOnly.id}`, undefined, sam)).status).toBe(200);
    const hidden = await airlock.api<ApiError>('GET', `/exceptions/${searchOnly.id}`, undefined, dana);
    expect([hidden.status, hidden.body.error.message]).toEqual([404, `no exception ${searchOnly.id} that you can see`]);
    expect((await airlock.api('GET', '/exceptions/00000000-0000-0000-0000-000000000000', undefined, sec)).status).toBe(404);
  });

  it('pages with a cursor', async () => {
    const all = await listIds(vic);
    const first = await airlock.api<Page>('GET', '/exceptions?limit=2', undefined, vic);
    expect(first.body.exceptions.map((e) => e.vulnerability)).toEqual(all.slice(0, 2));
    const second = await airlock.api<Page>('GET', `/exceptions?limit=500&cursor=${first.body.nextCursor ?? ''}`, undefined, vic);
    expect(second.body.exceptions.map((e) => e.vulnerability)).toEqual(all.slice(2));
    expect(second.body.nextCursor).toBeNull();
  });

  it('revokes once, keeping the exception listed, audited and announced', async () => {
    const revoked = await airlock.api<Exception>('POST', `/exceptions/${searchOnly.id}/revoke`, { reason: 'the WAF rule was removed' }, sec);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ id: searchOnly.id, state: 'revoked', revokedBy: 'sec' });
    const again = await airlock.api<ApiError>('POST', `/exceptions/${searchOnly.id}/revoke`, {}, sec);
    expect([again.status, again.body.error.code]).toEqual([409, 'CONFLICT']);
    expect(await listIds(sam, '?state=revoked')).toEqual(['CVE-2024-0401']);
    expect(await listIds(sam, '?state=active&vulnerability=CVE-2024-0401')).toEqual([]);
    const audit = await airlock.api<{ entries: Array<{ action: string; details: Record<string, unknown> }> }>('GET', `/audit?target=exception:${searchOnly.id}&order=oldest`, undefined, sec);
    expect(audit.body.entries.map((entry) => entry.action)).toEqual(['exception.created', 'exception.revoked']);
    expect(audit.body.entries[1]?.details).toMatchObject({ revocationReason: 'the WAF rule was removed' });
    const events = await airlock.api<{ events: Array<{ subject: string; team: string }> }>('GET', '/events?type=exception.revoked', undefined, sam);
    expect(events.body.events).toEqual([expect.objectContaining({ subject: `exception:${searchOnly.id}`, team: 'search' })]);
    const unknown = await airlock.api<ApiError>('POST', '/exceptions/no-such-id/revoke', {}, sec);
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'NOT_FOUND']);
  });
});

describe('OpenVEX', () => {
  it('imports not_affected and fixed statements as exceptions with their justification', async () => {
    const imported = await airlock.api<{ exceptions: Exception[]; skipped: unknown[] }>('POST', `/exceptions/vex?scope=team:payments&expiresAt=${FUTURE}`, vexFixture('spec-example-log4shell.vex.json'), sec);
    expect(imported.status).toBe(201);
    expect(imported.body.exceptions).toEqual([
      expect.objectContaining({
        vulnerability: 'CVE-2021-44228',
        aliases: ['GHSA-jfh8-c2jp-5v3q'],
        package: 'pkg:maven/org.springframework.boot/spring-boot@2.6.0-M3',
        scope: 'team:payments',
        justification: 'vulnerable_code_not_in_execute_path',
        source: expect.stringMatching(/^openvex:https:\/\/openvex\.dev\/docs\/public\/vex-2e67/) as unknown,
        createdBy: 'sec',
      }),
    ]);
    const fixed = await airlock.api<{ exceptions: Exception[] }>('POST', `/exceptions/vex?scope=org&expiresAt=${FUTURE}`, vexFixture('vexctl-demo.vex.json'), sec);
    expect(fixed.body.exceptions.map((e) => e.package)).toEqual(['pkg:apk/distro/git@2.39.0-r1?arch=armv7', 'pkg:apk/distro/git@2.39.0-r1?arch=x86_64']);
    const nothing = await airlock.api<{ exceptions: Exception[]; skipped: Array<{ status: string }> }>('POST', `/exceptions/vex?scope=org&expiresAt=${FUTURE}`, vexFixture('vexctl-under-investigation.vex.json'), sec);
    expect([nothing.status, nothing.body.exceptions, nothing.body.skipped.map((s) => s.status)]).toEqual([200, [], ['under_investigation']]);
    const audit = await airlock.api<{ entries: Array<{ details: { source?: string } }> }>('GET', '/audit?action=exception.created', undefined, sec);
    expect(audit.body.entries.filter((entry) => entry.details.source?.startsWith('openvex:'))).toHaveLength(3);
  });

  it('refuses what is not OpenVEX, and imports without scope or expiry', async () => {
    const invalid = await airlock.api<ApiError>('POST', `/exceptions/vex?scope=org&expiresAt=${FUTURE}`, { statements: [] }, sec);
    expect([invalid.status, invalid.body.error.code]).toEqual([400, 'VEX_INVALID']);
    const noExpiry = await airlock.api<ApiError>('POST', '/exceptions/vex?scope=org', vexFixture('vexctl-demo.vex.json'), sec);
    expect([noExpiry.status, noExpiry.body.error.code]).toEqual([400, 'INVALID']);
    expect(noExpiry.body.error.message).toContain('VEX statements do not expire');
    const unknownTeam = await airlock.api<ApiError>('POST', `/exceptions/vex?scope=team:nobody&expiresAt=${FUTURE}`, vexFixture('vexctl-demo.vex.json'), sec);
    expect([unknownTeam.status, unknownTeam.body.error.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('exports the active exceptions a caller sees, and the export imports again', async () => {
    type Vex = { '@context': string; statements: Array<{ vulnerability: { name: string }; products?: Array<{ '@id': string }>; status: string; justification: string }> };
    const forDana = await airlock.api<Vex>('GET', '/exceptions/vex', undefined, dana);
    expect(forDana.body['@context']).toBe('https://openvex.dev/ns/v0.2.0');
    const names = forDana.body.statements.map((statement) => statement.vulnerability.name);
    expect(names).toEqual(expect.arrayContaining(['CVE-2021-44228', 'CVE-2014-123456', 'CVE-2024-0400', 'CVE-2024-0402']));
    expect(names).not.toContain('CVE-2024-0401'); // revoked, and of another team
    expect((await airlock.api<Vex>('GET', '/exceptions/vex', undefined, sam)).body.statements.map((s) => s.vulnerability.name)).not.toContain('CVE-2021-44228');
    const log4shell = forDana.body.statements.find((statement) => statement.vulnerability.name === 'CVE-2021-44228');
    expect(log4shell).toMatchObject({ status: 'not_affected', justification: 'vulnerable_code_not_in_execute_path', products: [{ '@id': 'pkg:maven/org.springframework.boot/spring-boot@2.6.0-M3' }] });

    const again = await airlock.api<{ exceptions: Exception[] }>('POST', `/exceptions/vex?scope=team:search&expiresAt=${FUTURE}`, forDana.body, sec);
    expect(again.status).toBe(201);
    expect(again.body.exceptions.map((e) => e.vulnerability).sort()).toEqual([...names].sort());
    expect(again.body.exceptions.every((e) => e.scope === 'team:search')).toBe(true);
  });
});

describe('accepting the vulnerabilities of a rejected image', () => {
  type Status = { state: string; reasons: Array<{ vulnerability?: string; package?: string }> };
  const status = async () => (await airlock.api<Status>('GET', `/images/status?ref=${encodeURIComponent('quarantine/acme/nodeapp:1.0')}`)).body;
  async function waitForState(wanted: (state: string) => boolean): Promise<Status> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const current = await status();
      if (current && wanted(current.state)) return current;
      if (Date.now() > deadline) throw new Error(`quarantine/acme/nodeapp:1.0 still ${JSON.stringify(current)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  it('approves it, and serves it from the team’s repository; revoking one puts it at risk again', async () => {
    const ci = (await airlock.createToken('acme', 'ci')).token;
    const puller = (await airlock.createToken('acme', 'puller')).token;
    await skopeo(['copy', '--dest-tls-verify=false', '--dest-creds', `ci:${ci}`, `oci:${layout}:nodeapp`, `docker://${airlock.host}/quarantine/acme/nodeapp:1.0`]);
    const rejected = await waitForState((state) => state !== 'received' && state !== 'scanning');
    expect(rejected.state).toBe('rejected');
    const accepted = new Map(rejected.reasons.map((reason) => [`${reason.vulnerability ?? ''} ${reason.package ?? ''}`, reason]));
    expect([...accepted.keys()]).toContain('CVE-2021-44906 minimist');

    const created: Exception[] = [];
    for (const reason of accepted.values()) {
      expect(reason.vulnerability, JSON.stringify(reason)).toBeDefined();
      const response = await accept({ vulnerability: reason.vulnerability, package: reason.package, scope: 'repository:acme/nodeapp', reason: 'not reachable from the app’s entry point' });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      created.push(response.body);
    }
    expect((await waitForState((state) => state === 'approved')).reasons).toEqual([]);
    const pulled = await skopeo(['inspect', '--raw', '--tls-verify=false', '--creds', `cluster:${puller}`, `docker://${airlock.host}/acme/nodeapp:1.0`]);
    expect(pulled.stdout.length).toBeGreaterThan(0);

    const first = created[0] as Exception;
    expect((await airlock.api('POST', `/exceptions/${first.id}/revoke`, {}, sec)).status).toBe(200);
    const atRisk = await waitForState((state) => state !== 'approved');
    expect(atRisk.state).toBe('at-risk');
    // One reason per rule the vulnerability breaks (no-critical, no-fixable-high), none for the others.
    expect(new Set(atRisk.reasons.map((reason) => reason.vulnerability))).toEqual(new Set([first.vulnerability]));
  });
});
