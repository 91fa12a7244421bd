/**
 * Continuous compliance end to end: two images are approved against a
 * vulnerability database that knows nothing against them; then an advisory is
 * imported that makes one of them fail the policy. The gate's sweep finds the
 * images that contain the package (and only those), marks the image at-risk
 * for the policy's grace period, revokes it when the grace period is over, and
 * the registry then refuses the digest, naming the vulnerability. The team's
 * webhook is told each step in signed CloudEvents.
 *
 * The advisory is a real Debian advisory edited to hit the bookworm curl of the
 * `pyapp` test image (test/gate/fixtures/SOURCE.md says exactly what changed).
 * `debian` (bookworm minbase, no curl) is the control: it must not even be
 * re-decided. Time moves through the server's injected clock, so the default
 * policy's real 7-day grace period is what is tested.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { verifyAuditLog } from '../../src/audit/index.js';
import { verifySignature } from '../../src/events/index.js';
import { WebhookReceiver, waitFor, type ReceivedRequest } from '../../src/events/webhook-receiver-harness.js';
import { VulnerabilityDatabase } from '../../src/scan/index.js';
import { startAirlock, type TestAirlock } from '../helpers/airlock.js';
import { skopeo, skopeoFailure } from '../helpers/skopeo.js';
import { layoutManifest } from '../skopeo/oci-layout.js';

const layout = path.join(inject('testImagesDir'), 'oci');
const OSV = path.resolve(import.meta.dirname, '../../../shared/data/osv-advisories');
const EDITED_ADVISORY_DIR = path.join(import.meta.dirname, 'fixtures', 'osv-curl-bookworm');
const SECRET = 'continuous-compliance-secret-0123';
const DAY = 24 * 60 * 60_000;
const PYAPP = 'quarantine/acme/pyapp';
const DEBIAN = 'quarantine/acme/debian';

let skew = 0;
const clock = () => Date.now() + skew;
let airlock: TestAirlock;
let receiver: WebhookReceiver;
let scratch: string;
let ci: string;
let puller: string;

interface Status {
  state: string;
  digest: string;
  reasons: Array<Record<string, string>>;
  decidedAt?: string;
  revokeAt?: string;
}
interface ImageDetail {
  id: string;
  state: string;
  decidedAt?: string;
  history: Array<{ at: number; from: string | null; to: string; cause: string }>;
}

async function status(ref: string): Promise<Status> {
  const response = await airlock.api<Status>('GET', `/images/status?ref=${encodeURIComponent(ref)}`);
  expect(response.status).toBe(200);
  return response.body;
}

async function waitForState(ref: string, state: string, timeoutMs = 60_000): Promise<Status> {
  return waitFor(`${ref} to be ${state}`, async () => {
    const current = await status(ref);
    return current.state === state ? current : undefined;
  }, timeoutMs);
}

async function imageDetail(repository: string): Promise<ImageDetail> {
  const list = await airlock.api<{ images: Array<{ id: string }> }>('GET', `/images?repository=${encodeURIComponent(repository)}`);
  const id = list.body.images[0]?.id as string;
  return (await airlock.api<ImageDetail>('GET', `/images/${id}`)).body;
}

/** The sweep has looked at every advisory imported so far. */
async function sweepCaughtUp(): Promise<void> {
  const db = airlock.server.database.db;
  await waitFor('the sweep to reach the newest advisory', async () => {
    const newest = await db.selectFrom('advisories').select((eb) => eb.fn.max('importedAt').as('latest')).executeTakeFirst();
    const seen = await db.selectFrom('gateCursors').select('value').where('name', '=', 'advisories').executeTakeFirst();
    return seen !== undefined && Number(seen.value) >= Number(newest?.latest ?? 0);
  }, 15_000);
}

function eventsAbout(repository: string): ReceivedRequest[] {
  return receiver.requests.filter((request) => String(request.event.subject).startsWith(`${repository}@`));
}

/** Sorted: deliveries run concurrently, so arrival order is not publication order. */
function typesAbout(repository: string): string[] {
  return eventsAbout(repository).map((request) => String(request.event.type)).sort();
}

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'airlock-redecision-'));
  receiver = await WebhookReceiver.start();
  // tick 200ms: the sweep (revocations, re-decisions after imports) runs five times a second instead of every 10 s.
  airlock = await startAirlock({ clock, config: { gate: { workers: 1, pollInterval: '100ms', tick: '200ms' } } });
  await airlock.createTeam('acme');
  ci = (await airlock.createToken('acme', 'ci')).token;
  puller = (await airlock.createToken('acme', 'puller')).token;
  // Real advisories, none of them about bookworm's packages: both images pass.
  await new VulnerabilityDatabase(airlock.server.database.db).update({ sources: [path.join(OSV, 'ghsa-npm-maven-rubygems/advisories')] });
  await sweepCaughtUp();
  const hook = await airlock.api('POST', '/webhooks', { url: receiver.url, secret: SECRET, teams: ['acme'] });
  expect(hook.status).toBe(201);
});
afterAll(async () => {
  await airlock?.close();
  await receiver?.close();
  await rm(scratch, { recursive: true, force: true });
});

async function push(tag: string, repository: string, version: string): Promise<void> {
  await skopeo(['copy', '--dest-tls-verify=false', '--dest-creds', `ci:${ci}`, `oci:${layout}:${tag}`, `docker://${airlock.host}/${repository}:${version}`]);
}

describe('an approved image that a new advisory makes non-compliant', () => {
  let debianBefore: ImageDetail;
  let pyappDigest: string;

  it('approves both images while the database knows nothing against them', async () => {
    await push('debian', DEBIAN, '12');
    await push('pyapp', PYAPP, '1.0');
    expect((await waitForState(`${DEBIAN}:12`, 'approved')).reasons).toEqual([]);
    const pyapp = await waitForState(`${PYAPP}:1.0`, 'approved');
    pyappDigest = pyapp.digest;
    expect(pyappDigest).toBe((await layoutManifest(layout, 'pyapp')).digest);
    await sweepCaughtUp();
    debianBefore = await imageDetail(DEBIAN);
    expect(debianBefore.history.map((step) => step.to)).toEqual(['received', 'scanning', 'approved']);
  });

  it('marks only the image containing the package at-risk, with the policy’s 7-day grace period', async () => {
    const imported = await new VulnerabilityDatabase(airlock.server.database.db).update({ sources: [EDITED_ADVISORY_DIR] });
    expect(imported.totals.added).toBe(1);
    const atRisk = await waitForState(`${PYAPP}:1.0`, 'at-risk', 15_000);
    // Debian advisories name the source package: both binaries built from curl are affected, and both rules deny them.
    const denied = atRisk.reasons.map((reason) => `${reason.rule} ${reason.vulnerability} ${reason.package} ${reason.installedVersion} → ${reason.fixedVersion} ${reason.severity}`);
    expect(denied.sort()).toEqual([
      'no-critical CVE-2023-23916 curl 7.88.1-10+deb12u15 → 7.88.1-10+deb12u16 critical',
      'no-critical CVE-2023-23916 libcurl4 7.88.1-10+deb12u15 → 7.88.1-10+deb12u16 critical',
      'no-fixable-high CVE-2023-23916 curl 7.88.1-10+deb12u15 → 7.88.1-10+deb12u16 critical',
      'no-fixable-high CVE-2023-23916 libcurl4 7.88.1-10+deb12u15 → 7.88.1-10+deb12u16 critical',
    ]);
    const graceLeft = Date.parse(atRisk.revokeAt as string) - clock();
    expect(graceLeft).toBeGreaterThan(7 * DAY - 60_000);
    expect(graceLeft).toBeLessThanOrEqual(7 * DAY);

    // Inside the grace period the cluster can still pull it.
    await skopeo(['inspect', '--raw', '--tls-verify=false', '--creds', `cluster:${puller}`, `docker://${airlock.host}/acme/pyapp@${pyappDigest}`]);
    const pyapp = await imageDetail(PYAPP);
    expect(pyapp.history.at(-1)).toMatchObject({ from: 'approved', to: 'at-risk', cause: 'db-update' });

    // The control image holds no curl: the inverted index never selected it, so it was not judged again at all.
    await sweepCaughtUp();
    const debianAfter = await imageDetail(DEBIAN);
    expect(debianAfter.state).toBe('approved');
    expect(debianAfter.decidedAt).toBe(debianBefore.decidedAt);
    expect(debianAfter.history).toEqual(debianBefore.history);
  });

  it('revokes the image once the grace period is over, and the registry refuses the digest naming the vulnerability', async () => {
    skew += 7 * DAY + 60 * 60_000;
    const revoked = await waitForState(`${PYAPP}:1.0`, 'revoked', 15_000);
    expect(revoked.digest).toBe(pyappDigest);
    expect((await imageDetail(PYAPP)).history.at(-1)).toMatchObject({ from: 'at-risk', to: 'revoked', cause: 'grace-expired' });

    for (const reference of [`acme/pyapp@${pyappDigest}`, 'acme/pyapp:1.0']) {
      const refused = await skopeoFailure(['copy', '--src-tls-verify=false', '--src-creds', `cluster:${puller}`, `docker://${airlock.host}/${reference}`, `oci:${path.join(scratch, 'pulled')}:pyapp`]);
      expect(refused).toContain('was revoked and may no longer be pulled');
      expect(refused).toContain('CVE-2023-23916 (curl)');
    }
    // The control image is still served, a week later.
    await skopeo(['inspect', '--raw', '--tls-verify=false', '--creds', `cluster:${puller}`, `docker://${airlock.host}/acme/debian:12`]);
    expect((await status(`${DEBIAN}:12`)).state).toBe('approved');
  });

  it('told the team’s webhook each step, in signed CloudEvents, and nothing about the control image', async () => {
    await waitFor('the image.revoked webhook', () => typesAbout(PYAPP).includes('image.revoked'), 15_000);
    expect(typesAbout(PYAPP)).toEqual(['image.received', 'scan.started', 'scan.completed', 'image.approved', 'vulnerability.discovered', 'image.at-risk', 'image.revoked'].sort());
    for (const request of receiver.requests) {
      expect(verifySignature(SECRET, request.rawBody, request.headers['x-airlock-signature'] as string)).toBe(true);
      expect(request.event).toMatchObject({ specversion: '1.0', type: request.headers['x-airlock-event-type'] });
    }
    const byType = (type: string) => eventsAbout(PYAPP).find((request) => request.event.type === type)?.event.data as Record<string, unknown>;
    expect(byType('vulnerability.discovered')).toMatchObject({ digest: pyappDigest, cause: 'db-update', vulnerabilities: [expect.objectContaining({ id: 'CVE-2023-23916', package: 'curl', severity: 'critical' }), expect.objectContaining({ id: 'CVE-2023-23916', package: 'libcurl4', severity: 'critical' })] });
    expect(byType('image.at-risk')).toMatchObject({ digest: pyappDigest, state: 'at-risk', revokeAt: expect.any(String) });
    expect(byType('image.revoked')).toMatchObject({ digest: pyappDigest, tags: ['1.0'] });
    expect(byType('image.revoked').reasons).toHaveLength(4);
    expect(byType('image.revoked').reasons).toEqual(expect.arrayContaining([expect.objectContaining({ rule: 'no-critical', vulnerability: 'CVE-2023-23916', package: 'curl' })]));
    expect(typesAbout(DEBIAN)).toEqual(['image.received', 'scan.started', 'scan.completed', 'image.approved'].sort());
    expect((await verifyAuditLog(airlock.server.database.db)).ok).toBe(true);
  });
});
