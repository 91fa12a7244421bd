/**
 * The API behind the dashboard, on SQLite and PostgreSQL: cookie sessions
 * (HttpOnly, SameSite=Strict, CSRF on changes, audited, Basic callers
 * unaffected) and the fleet queries — filters, sort, paging, export, the
 * overview and one vulnerability's blast radius — over images seeded into the
 * gate's store with their findings indexed as a verdict indexes them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexFindings } from '../../src/gate/store/finding-index.js';
import { ImageStore } from '../../src/gate/index.js';
import type { Finding } from '../../src/scan/index.js';
import { basicAuth, startAirlock, type Credentials, type TestAirlock } from '../helpers/airlock.js';
import { DATABASE_ENGINES } from '../helpers/test-database.js';

function finding(id: string, name: string, severity: Finding['severity'], aliases: string[] = []): Finding {
  return { id, aliases, package: name, packageType: 'npm', purl: `pkg:npm/${name}@1.0.0`, path: `/app/node_modules/${name}/package.json`, installedVersion: '1.0.0', fixedVersion: '1.0.1', severity, source: id };
}

describe.each(DATABASE_ENGINES)('the dashboard API on %s', (engine) => {
  let airlock: TestAirlock;
  let viewer: Credentials;
  let developer: Credentials;
  const now = Date.now();

  beforeAll(async () => {
    airlock = await startAirlock({ engine });
    for (const team of ['payments', 'search']) await airlock.createTeam(team);
    viewer = await airlock.createUser('vic', 'viewer');
    developer = await airlock.createUser('dev', 'developer', [{ team: 'search', role: 'developer' }]);
    const db = airlock.server.database.db;
    const images = new ImageStore(db, () => now);
    const seed: Array<[string, string, string, Finding[]]> = [
      ['quarantine/payments/api', 'rejected', 'payments', [finding('CVE-2021-44906', 'minimist', 'critical', ['GHSA-xvch-5gv4-984h']), finding('CVE-2020-1', 'lodash', 'low')]],
      ['quarantine/payments/web', 'approved', 'payments', [finding('CVE-2020-1', 'lodash', 'low')]],
      ['quarantine/search/indexer', 'approved', 'search', []],
      ['quarantine/search/crawler', 'at-risk', 'search', [finding('CVE-2021-44906', 'minimist', 'critical')]],
    ];
    for (const [index, [repository, state, team, findings]] of seed.entries()) {
      const { image } = await images.recordPush({ repository, digest: `sha256:${String(index).repeat(64)}`, team, mediaType: 'application/vnd.oci.image.manifest.v1+json', tag: '1.0' });
      await images.update(image, { state, decidedAt: now, approvedAt: state === 'rejected' ? null : now - 1000 }, 'scan', undefined);
      await images.replacePackages(image.id, findings.map((entry) => ({ ecosystem: 'npm', name: entry.package })));
      await indexFindings(db, image.id, [{ findings, evaluation: {} }], now);
    }
  });
  afterAll(() => airlock.close());

  const login = async (who: Credentials) => {
    const response = await fetch(`${airlock.url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-requested-with': 'airlock-web' }, body: JSON.stringify(who) });
    return { response, body: (await response.json()) as { csrfToken: string; capabilities: Record<string, unknown>; user: { name: string } } };
  };
  const cookieOf = (response: Response) => (response.headers.get('set-cookie') ?? '').split(';')[0] as string;

  it('signs in with a cookie that scripts cannot read, and refuses wrong passwords with a clear 401 and no Basic challenge', async () => {
    const wrong = await login({ username: 'vic', password: 'not-the-password-123' });
    expect(wrong.response.status).toBe(401);
    expect(wrong.response.headers.get('www-authenticate')).toBeNull();
    expect(JSON.stringify(wrong.body)).toContain('invalid username or password');
    const { response, body } = await login(viewer);
    expect(response.status).toBe(201);
    expect(response.headers.get('set-cookie')).toMatch(/^airlock_session=[\w-]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
    expect(body).toMatchObject({ user: { name: 'vic', role: 'viewer' }, capabilities: { manageExceptions: false, applyOrgPolicy: false, readAudit: true, teams: null } });
    const audit = await airlock.api<{ entries: Array<{ action: string; details: { via?: string } }> }>('GET', '/audit?action=user.login');
    expect(audit.body.entries.some((entry) => entry.details.via === 'web-session')).toBe(true);
    const failed = await airlock.api<{ entries: unknown[] }>('GET', '/audit?action=user.login-failed');
    expect(failed.body.entries.length).toBeGreaterThan(0);
  });

  it('needs the CSRF token for changes made with the cookie, while Basic callers need none', async () => {
    const { response, body } = await login(viewer);
    const cookie = cookieOf(response);
    const who = await fetch(`${airlock.url}/api/v1/session`, { headers: { cookie } });
    expect(((await who.json()) as { csrfToken: string }).csrfToken).toBe(body.csrfToken);
    const forged = await fetch(`${airlock.url}/api/v1/teams`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'forged' }) });
    expect(forged.status).toBe(403);
    expect(((await forged.json()) as { error: { code: string } }).error.code).toBe('CSRF_REJECTED');
    const denied = await fetch(`${airlock.url}/api/v1/teams`, { method: 'POST', headers: { cookie, 'x-airlock-csrf': body.csrfToken, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'forged' }) });
    expect(denied.status).toBe(403);
    expect(((await denied.json()) as { error: { code: string } }).error.code).toBe('DENIED');
    const basic = await fetch(`${airlock.url}/api/v1/images`, { headers: { authorization: basicAuth(developer) } });
    expect(basic.status).toBe(200);
    const out = await fetch(`${airlock.url}/api/v1/session`, { method: 'DELETE', headers: { cookie, 'x-airlock-csrf': body.csrfToken } });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    const after = await fetch(`${airlock.url}/api/v1/images`, { headers: { cookie } });
    expect(after.status).toBe(401);
  });

  it('filters, sorts and pages the images in the database, within the teams the caller sees', async () => {
    const list = async (query: string, who?: Credentials) => (await airlock.api<{ images: Array<{ repository: string; counts: { critical: number } }>; total: number }>('GET', `/images${query}`, undefined, who)).body;
    expect((await list('')).total).toBe(4);
    expect((await list('?vulnerability=CVE-2021-44906')).images.map((image) => image.repository).sort()).toEqual(['quarantine/payments/api', 'quarantine/search/crawler']);
    expect((await list('?vulnerability=GHSA-xvch-5gv4-984h')).images.map((image) => image.repository)).toEqual(['quarantine/payments/api']);
    expect((await list('?package=lodash&state=approved')).images.map((image) => image.repository)).toEqual(['quarantine/payments/web']);
    expect((await list('?severity=critical&team=search')).images.map((image) => image.repository)).toEqual(['quarantine/search/crawler']);
    expect((await list('?q=index')).images.map((image) => image.repository)).toEqual(['quarantine/search/indexer']);
    expect((await list('?state=approved,at-risk&sort=repository&order=asc')).images.map((image) => image.repository)).toEqual(['quarantine/payments/web', 'quarantine/search/crawler', 'quarantine/search/indexer']);
    expect((await list('?sort=severity')).images[0]?.counts.critical).toBe(1);
    expect((await list('?olderThan=1d')).total).toBe(0);
    const page = await list('?sort=repository&order=asc&limit=2&offset=2');
    expect(page).toMatchObject({ total: 4, images: [{ repository: 'quarantine/search/crawler' }, { repository: 'quarantine/search/indexer' }] });
    expect((await list('', developer)).images.every((image) => image.repository.startsWith('quarantine/search/'))).toBe(true);
    const bad = await airlock.api<{ error: { message: string } }>('GET', '/images?state=lost');
    expect(bad.status).toBe(400);
  });

  it('exports exactly the filtered images as CSV and JSON', async () => {
    const csv = await fetch(`${airlock.url}/api/v1/images/export?vulnerability=CVE-2021-44906&sort=repository&order=asc`, { headers: { authorization: basicAuth({ username: 'admin', password: 'admin-password-for-tests' }) } });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="airlock-images-\d{4}-\d\d-\d\d\.csv"/);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^[\w-]+,quarantine\/payments\/api,payments,1\.0,rejected,1,0,0,1,0,sha256:/);
    const json = await airlock.api<{ images: unknown[]; total: number }>('GET', '/images/export?format=json&team=payments');
    expect(json.body.total).toBe(2);
  });

  it('answers the overview and a vulnerability’s blast radius', async () => {
    const overview = await airlock.api<{ states: Record<string, number>; teams: Array<{ team: string; total: number }>; trend: Array<{ critical: number; low: number }>; database: { advisories: number } }>('GET', '/overview?days=7');
    expect(overview.body.states).toEqual({ rejected: 1, approved: 2, 'at-risk': 1 });
    expect(overview.body.teams.map((team) => [team.team, team.total])).toEqual([['payments', 2], ['search', 2]]);
    expect(overview.body.trend).toHaveLength(7);
    expect(overview.body.trend.at(-1)).toMatchObject({ critical: 2, low: 2 });
    const blast = await airlock.api<{ imageCount: number; teams: Array<{ team: string; images: number }> }>('GET', '/vulnerabilities/CVE-2021-44906');
    expect(blast.body.imageCount).toBe(2);
    expect(blast.body.teams.map((team) => team.team).sort()).toEqual(['payments', 'search']);
    const narrow = await airlock.api<{ imageCount: number }>('GET', '/vulnerabilities/CVE-2021-44906', undefined, developer);
    expect(narrow.body.imageCount).toBe(1);
    expect((await airlock.api('GET', '/vulnerabilities/CVE-1999-0000')).status).toBe(404);
  });

  it('keeps a finding’s first sighting when it is found again, and marks it resolved when it is gone', async () => {
    const db = airlock.server.database.db;
    const image = await db.selectFrom('gateImages').select('id').where('repository', '=', 'quarantine/payments/web').executeTakeFirstOrThrow();
    await indexFindings(db, image.id, [{ findings: [finding('CVE-2020-1', 'lodash', 'low'), finding('CVE-2024-2', 'qs', 'high')], evaluation: {} }], now + 5000);
    await indexFindings(db, image.id, [{ findings: [finding('CVE-2024-2', 'qs', 'high')], evaluation: { exceptionsApplied: [{ vulnerabilityId: 'CVE-2024-2', purl: 'pkg:npm/qs@1.0.0' }] } }], now + 9000);
    const rows = await db.selectFrom('gateImageFindings').select(['vulnerabilityId', 'firstSeenAt', 'resolvedAt', 'excepted']).where('imageId', '=', image.id).orderBy('vulnerabilityId').execute();
    expect(rows).toEqual([
      { vulnerabilityId: 'CVE-2020-1', firstSeenAt: now, resolvedAt: now + 9000, excepted: 0 },
      { vulnerabilityId: 'CVE-2024-2', firstSeenAt: now + 5000, resolvedAt: null, excepted: 1 },
    ]);
    const overview = await airlock.api<{ newestInApproved: Array<{ vulnerabilityId: string; excepted: boolean }> }>('GET', '/overview');
    expect(overview.body.newestInApproved[0]).toMatchObject({ vulnerabilityId: 'CVE-2024-2', excepted: true });
  });
});
