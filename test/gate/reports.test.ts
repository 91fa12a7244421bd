/**
 * Per-scan reports end to end: skopeo pushes a real vulnerable image, the gate
 * judges it and stores its HTML and JSON reports in the blob store; the API
 * serves them (and SARIF, JUnit, SBOMs rendered from the JSON) to those who may
 * see the image, the scan.completed event links to them, `airlock report`
 * downloads them, and garbage collection keeps them while the image names them.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { JobQueue } from '../../src/gate/index.js';
import type { Digest } from '../../src/oci/index.js';
import { VulnerabilityDatabase } from '../../src/scan/index.js';
import { ADMIN, basicAuth, startAirlock, type Credentials, type TestAirlock } from '../helpers/airlock.js';
import { runCli } from '../helpers/run-cli.js';
import { skopeo } from '../helpers/skopeo.js';

const layout = path.join(inject('testImagesDir'), 'oci');
const OSV = path.resolve(import.meta.dirname, '../../../shared/data/osv-advisories');
const HOUR = 3_600_000;
const REF = 'quarantine/acme/nodeapp:1.0';
let airlock: TestAirlock;
let offset = 0;
let imageId: string;
let outsider: Credentials;
let teammate: Credentials;

interface Status {
  id: string;
  state: string;
  reports?: { html: string; json: string };
}

async function waitForVerdict(ref: string): Promise<Status> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const status = await airlock.api<Status>('GET', `/images/status?ref=${encodeURIComponent(ref)}`);
    if (status.status === 200 && !['received', 'scanning'].includes(status.body.state)) return status.body;
    if (Date.now() > deadline) throw new Error(`${ref} still ${JSON.stringify(status.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function report(format: string, auth: Credentials = ADMIN): Promise<Response> {
  return fetch(`${airlock.url}/api/v1/images/${imageId}/report?format=${format}`, { headers: { authorization: basicAuth(auth) } });
}

async function imageRow() {
  return airlock.server.database.db.selectFrom('gateImages').selectAll().where('id', '=', imageId).executeTakeFirstOrThrow();
}

beforeAll(async () => {
  airlock = await startAirlock({ clock: () => Date.now() + offset, config: { gate: { workers: 1, pollInterval: '100ms' }, gc: { blobGracePeriod: '1h' } } });
  await airlock.createTeam('acme');
  await airlock.createTeam('other');
  teammate = await airlock.createUser('ada', 'developer', [{ team: 'acme', role: 'developer' }]);
  outsider = await airlock.createUser('otto', 'developer', [{ team: 'other', role: 'developer' }]);
  const ci = (await airlock.createToken('acme', 'ci')).token;
  await new VulnerabilityDatabase(airlock.server.database.db).update({ sources: [path.join(OSV, 'ghsa-npm-maven-rubygems/advisories')] });
  await skopeo(['copy', '--dest-tls-verify=false', '--dest-creds', `ci:${ci}`, `oci:${layout}:nodeapp`, `docker://${airlock.host}/${REF}`]);
  const status = await waitForVerdict(REF);
  expect(status.state).toBe('rejected');
  imageId = status.id;
});
afterAll(() => airlock.close());

describe('per-scan reports', () => {
  it('links the reports from the image status, the image detail and the scan.completed event', async () => {
    const links = { html: `/api/v1/images/${imageId}/report?format=html`, json: `/api/v1/images/${imageId}/report?format=json` };
    expect((await waitForVerdict(REF)).reports).toEqual(links);
    expect((await airlock.api<{ reports: unknown }>('GET', `/images/${imageId}`)).body.reports).toEqual(links);
    const events = await airlock.server.database.db.selectFrom('outboxEvents').select(['type', 'data']).where('subject', 'like', 'quarantine/acme/nodeapp@%').execute();
    const completed = events.find((event) => event.type === 'scan.completed');
    expect(JSON.parse(completed?.data ?? '{}')).toMatchObject({ state: 'rejected', reports: links });
    expect(JSON.parse(events.find((event) => event.type === 'image.rejected')?.data ?? '{}')).toMatchObject({ reports: links });
  });

  it('serves the stored HTML page with the verdict, its reasons and the findings', async () => {
    const response = await report('html');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^inline; filename="nodeapp-[0-9a-f]{12}\.html"$/);
    expect(response.headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
    const page = await response.text();
    expect(page).toMatch(/<span class="badge state-bad" id="verdict-state">rejected<\/span>/);
    expect(page).toContain('CVE-2021-44906');
    expect(page).toContain('minimist');
    const row = await imageRow();
    expect(`sha256:${createHash('sha256').update(page).digest('hex')}`).toBe(row.htmlReportDigest);
    expect(await airlock.server.store.stat(row.htmlReportDigest as Digest)).toMatchObject({ size: Buffer.byteLength(page) });
  });

  it('serves the stored JSON report, and SARIF, JUnit and SBOMs rendered from it', async () => {
    const json = await report('json');
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    expect(json.headers.get('content-disposition')).toMatch(/^attachment; filename="nodeapp-[0-9a-f]{12}\.json"$/);
    const scan = (await json.json()) as { artifact: { name: string; layers: string[] }; packages: unknown[]; vulnerabilities: Array<{ id: string; aliases: string[]; package: string }> };
    expect(scan.artifact.name).toMatch(/^quarantine\/acme\/nodeapp@sha256:/);
    expect(scan.artifact.layers.length).toBeGreaterThan(0);
    expect(scan.vulnerabilities).toContainEqual(expect.objectContaining({ package: 'minimist' }));
    expect(scan.vulnerabilities.some((finding) => [finding.id, ...finding.aliases].includes('CVE-2021-44906'))).toBe(true);
    expect(await airlock.server.store.stat((await imageRow()).reportDigest as Digest)).toBeDefined();

    const sarif = await report('sarif');
    expect(sarif.headers.get('content-type')).toMatch(/^application\/sarif\+json/);
    const log = (await sarif.json()) as { version: string; runs: Array<{ results: unknown[] }> };
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0]?.results.length).toBeGreaterThan(0);

    const junit = await report('junit');
    expect(junit.headers.get('content-type')).toMatch(/^application\/xml/);
    expect(junit.headers.get('content-disposition')).toMatch(/filename="nodeapp-[0-9a-f]{12}\.xml"/);
    const xml = await junit.text();
    expect(xml).toMatch(/^<\?xml/);
    expect(xml).toContain('<testcase');
    expect(xml).toContain('<failure');

    expect(((await (await report('cyclonedx')).json()) as { bomFormat: string }).bomFormat).toBe('CycloneDX');
    expect(((await (await report('spdx')).json()) as { spdxVersion: string }).spdxVersion).toBe('SPDX-2.3');
    expect((await report('pdf')).status).toBe(400);
  });

  it('shows the reports to the image’s team only, like the image itself', async () => {
    expect((await report('html', teammate)).status).toBe(200);
    const denied = await report('html', outsider);
    expect(denied.status).toBe(404);
    expect(await denied.text()).not.toContain('CVE-2021-44906');
    expect((await report('json', outsider)).status).toBe(404);
    expect((await fetch(`${airlock.url}/api/v1/images/${imageId}/report`)).status).toBe(401);
  });

  it('downloads reports with `airlock report`, for CI', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'airlock-report-'));
    try {
      const env = { AIRLOCK_SERVER: airlock.url, AIRLOCK_USERNAME: teammate.username, AIRLOCK_PASSWORD: teammate.password };
      const file = path.join(dir, 'airlock.sarif');
      const sarif = await runCli(['report', REF, '--format', 'sarif', '-o', file], env);
      expect(sarif, sarif.stderr).toMatchObject({ code: 0 });
      expect((JSON.parse(await readFile(file, 'utf8')) as { runs: unknown[] }).runs).toHaveLength(1);
      const html = await runCli(['report', REF], env);
      expect(html.code).toBe(0);
      expect(html.stdout).toContain('CVE-2021-44906');
      const denied = await runCli(['report', REF, '--format', 'json'], { ...env, AIRLOCK_USERNAME: outsider.username, AIRLOCK_PASSWORD: outsider.password });
      expect(denied.code).toBe(1);
      expect(denied.stderr).toMatch(/NOT_FOUND/);
      const unknown = await runCli(['report', REF, '--format', 'pdf'], env);
      expect(unknown.code).toBe(2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rewrites the reports on a re-decision only when there are none or the verdict changed', async () => {
    const before = await imageRow();
    await airlock.server.database.db.updateTable('gateImages').set({ reportDigest: null, htmlReportDigest: null }).where('id', '=', imageId).execute();
    // The re-decision finds the same verdict but no report, so a report job writes the same JSON after it (its time is the new decision's).
    await redecide();
    await expect.poll(async () => (await imageRow()).htmlReportDigest, { timeout: 15_000 }).toMatch(/^sha256:/);
    const rewritten = await imageRow();
    expect(rewritten.htmlReportDigest).toMatch(/^sha256:/);
    expect(rewritten.reportDigest).toMatch(/^sha256:/);
    expect(rewritten.decidedAt).toBeGreaterThan(before.decidedAt ?? 0);
    await redecide();
    const unchanged = await imageRow();
    expect(unchanged.decidedAt).toBeGreaterThan(rewritten.decidedAt ?? 0);
    expect([unchanged.reportDigest, unchanged.htmlReportDigest]).toEqual([rewritten.reportDigest, rewritten.htmlReportDigest]);
  });

  it('keeps report blobs through garbage collection while the image names them, and frees replaced ones', async () => {
    const row = await imageRow();
    const digests = [row.reportDigest, row.htmlReportDigest] as Digest[];
    offset = 2 * HOUR;
    try {
      await gc();
      for (const digest of digests) expect(await airlock.server.store.stat(digest), digest).toBeDefined();
      expect((await report('html')).status).toBe(200);
      // What a newer report does to the old one: the image no longer names it.
      await airlock.server.database.db.updateTable('gateImages').set({ reportDigest: null, htmlReportDigest: null }).where('id', '=', imageId).execute();
      expect((await gc()).blobsDeleted).toBeGreaterThanOrEqual(2);
      for (const digest of digests) expect(await airlock.server.store.stat(digest), digest).toBeUndefined();
      expect((await report('html')).status).toBe(404);
    } finally {
      offset = 0;
    }
  });
});

async function redecide(): Promise<void> {
  const before = (await imageRow()).decidedAt;
  // Queued as the gate queues it (Gate.requestRedecision); the server's worker takes it.
  const { db, dialect } = airlock.server.database;
  await new JobQueue(db, dialect, Date.now, { leaseMs: 60_000, backoffMs: 1000, maxBackoffMs: 60_000 }).enqueue({ kind: 'redecide', payload: { imageIds: [imageId], cause: 'test', actor: 'test' } });
  const deadline = Date.now() + 30_000;
  while ((await imageRow()).decidedAt === before) {
    if (Date.now() > deadline) throw new Error('the re-decision did not run');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function gc(): Promise<{ blobsDeleted: number }> {
  const result = await airlock.api<{ blobsDeleted: number }>('POST', '/gc', { dryRun: false });
  expect(result.status).toBe(200);
  return result.body;
}
