/**
 * The admission webhook end to end: a real Airlock judges real images pushed
 * with skopeo (a clean Debian approved, a Node app rejected for minimist, a
 * Python app approved then revoked when a curl advisory arrives and its grace
 * period passes, a mirrored Debian); a real `admission serve` over HTTPS, with
 * certificates from `airlock admission certs`, syncs from it (snapshot, then
 * changes) and answers AdmissionReviews for Pods, Deployments and CronJobs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { waitFor } from '../../src/events/webhook-receiver-harness.js';
import { VulnerabilityDatabase } from '../../src/scan/index.js';
import { ADMIN, startAirlock, type TestAirlock } from '../helpers/airlock.js';
import { KINDS, admissionReview, cronJobOf, deploymentOf, makeCertificates, patchOf, podOf, startWebhook, type AdmissionAnswer, type TestWebhook } from '../helpers/admission-webhook.js';
import { skopeo } from '../helpers/skopeo.js';
import { layoutManifest } from '../skopeo/oci-layout.js';

const layout = path.join(inject('testImagesDir'), 'oci');
const OSV = path.resolve(import.meta.dirname, '../../../shared/data/osv-advisories');
const CURL_ADVISORY = path.resolve(import.meta.dirname, '../gate/fixtures/osv-curl-bookworm');
const DAY = 24 * 60 * 60_000;

let skew = 0;
let airlock: TestAirlock;
let webhook: TestWebhook;
let dir: string;
let host: string;
let debianDigest: string;
const RESTRICTED = { 'pod-security.kubernetes.io/enforce': 'restricted' };
const WARNED = { 'pod-security.kubernetes.io/warn': 'restricted' };

async function push(source: string, target: string, creds: string): Promise<void> {
  await skopeo(['copy', '--dest-tls-verify=false', '--dest-creds', creds, `oci:${layout}:${source}`, `docker://${airlock.host}/${target}`]);
}

async function waitForState(ref: string, state: string): Promise<void> {
  await waitFor(`${ref} to be ${state}`, async () => (await airlock.api<{ state: string }>('GET', `/images/status?ref=${encodeURIComponent(ref)}`)).body.state === state || undefined, 90_000);
}

async function validate(body: string): Promise<AdmissionAnswer> {
  const answer = await webhook.post('/validate', body);
  expect(answer.status).toBe(200);
  return answer.json();
}

async function mutate(body: string): Promise<AdmissionAnswer> {
  const answer = await webhook.post('/mutate', body);
  expect(answer.status).toBe(200);
  return answer.json();
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'airlock-admission-'));
  airlock = await startAirlock({ clock: () => Date.now() + skew, config: { gate: { workers: 1, pollInterval: '100ms', tick: '200ms' } } });
  host = airlock.host;
  await airlock.createTeam('acme');
  const ci = (await airlock.createToken('acme', 'ci')).token;
  const viewer = await airlock.createUser('webhook', 'viewer');
  await new VulnerabilityDatabase(airlock.server.database.db).update({ sources: [path.join(OSV, 'ghsa-npm-maven-rubygems/advisories')] });
  await makeCertificates(dir);
  // Started before anything is pushed: every image reaches it as a change, not in the first snapshot.
  webhook = await startWebhook({
    dir,
    airlockUrl: airlock.url,
    credentials: viewer,
    config: { images: { rewriteToMirror: true }, namespaces: { labels: { restricted: RESTRICTED, warned: WARNED } } },
  });
  await push('debian', 'quarantine/acme/debian:12', `ci:${ci}`);
  await push('nodeapp', 'quarantine/acme/nodeapp:1.0', `ci:${ci}`);
  await push('pyapp', 'quarantine/acme/pyapp:1.0', `ci:${ci}`);
  await push('debian', 'quarantine/mirror/docker.io/library/debian:12', `${ADMIN.username}:${ADMIN.password}`);
  await waitForState('quarantine/acme/debian:12', 'approved');
  await waitForState('quarantine/acme/nodeapp:1.0', 'rejected');
  await waitForState('quarantine/acme/pyapp:1.0', 'approved');
  await waitForState('quarantine/mirror/docker.io/library/debian:12', 'approved');
  // A curl advisory makes pyapp fail its policy: at-risk for the grace period, then revoked.
  await new VulnerabilityDatabase(airlock.server.database.db).update({ sources: [CURL_ADVISORY] });
  await waitForState('quarantine/acme/pyapp:1.0', 'at-risk');
  skew += 7 * DAY + 60 * 60_000;
  await waitForState('quarantine/acme/pyapp:1.0', 'revoked');
  debianDigest = (await layoutManifest(layout, 'debian')).digest;
  await waitFor('the webhook to see the revocation', () => webhook.server.set.lookup({ repository: 'acme/pyapp', tag: '1.0' })?.image.state === 'revoked' || undefined, 15_000);
}, 300_000);
afterAll(async () => {
  await webhook?.close();
  await airlock?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the admission webhook, synced from a real Airlock', () => {
  it('kept its cache with one snapshot and then changes', () => {
    const status = webhook.server.sync.status();
    expect(status.lastFullSyncAt).toBeDefined();
    expect(status.consecutiveFailures).toBe(0);
    expect(webhook.server.set.size).toBe(4);
    expect(webhook.server.set.lookup({ repository: 'acme/debian', tag: '12' })).toMatchObject({ via: 'tag', image: { state: 'approved', digest: debianDigest } });
  });

  it('allows an approved image and pins it to its digest, in Pods, Deployments and CronJobs', async () => {
    const image = `${host}/acme/debian:12`;
    const cases: Array<[string, string]> = [
      [admissionReview(KINDS.pod, podOf({ app: image })), '/spec/containers/0/image'],
      [admissionReview(KINDS.deployment, deploymentOf({ app: image })), '/spec/template/spec/containers/0/image'],
      [admissionReview(KINDS.cronJob, cronJobOf({ app: image })), '/spec/jobTemplate/spec/template/spec/containers/0/image'],
    ];
    for (const [body, pointer] of cases) {
      const uid = (JSON.parse(body) as { request: { uid: string } }).request.uid;
      expect((await validate(body)).response).toEqual({ uid, allowed: true });
      const mutated = await mutate(body);
      expect(mutated.response).toMatchObject({ uid, allowed: true });
      expect(patchOf(mutated)).toEqual([{ op: 'replace', path: pointer, value: `${host}/acme/debian@${debianDigest}` }]);
    }
    expect((await validate(admissionReview(KINDS.pod, podOf({ app: `${host}/acme/debian@${debianDigest}` })))).response.allowed).toBe(true);
  });

  it('denies a rejected image, naming the vulnerability, the package and the fix', async () => {
    for (const image of [`${host}/quarantine/acme/nodeapp:1.0`, `${host}/acme/nodeapp:1.0`]) {
      const answer = await validate(admissionReview(KINDS.deployment, deploymentOf({ api: image })));
      expect(answer.response.allowed).toBe(false);
      expect(answer.response.status).toMatchObject({ code: 403, reason: 'Forbidden' });
      expect(answer.response.status?.message).toContain(`[image-approved] container api: image ${image} is not approved: rejected for `);
      expect(answer.response.status?.message).toContain('CVE-2021-44906 (minimist 1.2.0, fixed in 1.2.6)');
      expect(patchOf(await mutate(admissionReview(KINDS.pod, podOf({ api: image }))))).toEqual([]);
    }
  });

  it('denies a revoked image, by tag and by digest', async () => {
    const digest = (await layoutManifest(layout, 'pyapp')).digest;
    for (const image of [`${host}/acme/pyapp:1.0`, `${host}/acme/pyapp@${digest}`]) {
      const answer = await validate(admissionReview(KINDS.pod, podOf({ app: image })));
      expect(answer.response.allowed).toBe(false);
      expect(answer.response.status?.message).toMatch(new RegExp(`container app: image ${image.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not approved: revoked for CVE-2023-23916 \\((lib)?curl(4)? 7\\.88\\.1-10\\+deb12u15, fixed in 7\\.88\\.1-10\\+deb12u16\\)`));
    }
  });

  it('denies the quarantine path even for an approved image', async () => {
    const answer = await validate(admissionReview(KINDS.pod, podOf({ app: `${host}/quarantine/acme/debian:12` })));
    expect(answer.response.allowed).toBe(false);
    expect(answer.response.status?.message).toBe(`Airlock: [image-quarantine] container app: image ${host}/quarantine/acme/debian:12 is a quarantine image, which never runs; run the approved ${host}/acme/debian once the gate approves it`);
  });

  it('denies other registries, and moves mirrored public images to their approved mirror', async () => {
    const unknown = await validate(admissionReview(KINDS.pod, podOf({ web: 'docker.io/library/nginx:1.27' })));
    expect(unknown.response.status?.message).toBe(`Airlock: [image-registry] container web: image docker.io/library/nginx:1.27 is not from an allowed registry (${host}); pull it through Airlock's mirror (${host}/mirror/docker.io/library/nginx) after adding it to the mirror catalog`);
    const mirrored = admissionReview(KINDS.pod, podOf({ base: 'debian:12' }));
    expect((await validate(mirrored)).response.status?.message).toContain(`its approved mirror is ${host}/mirror/docker.io/library/debian@${debianDigest}`);
    const patch = patchOf(await mutate(mirrored));
    expect(patch).toEqual([{ op: 'replace', path: '/spec/containers/0/image', value: `${host}/mirror/docker.io/library/debian@${debianDigest}` }]);
    expect((await validate(admissionReview(KINDS.pod, podOf({ base: patch[0]?.value as string })))).response.allowed).toBe(true);
  });

  it('enforces and warns about Pod Security from the namespace labels', async () => {
    const image = `${host}/acme/debian@${debianDigest}`;
    const denied = await validate(admissionReview(KINDS.pod, podOf({ app: image }), { namespace: 'restricted' }));
    expect(denied.response.allowed).toBe(false);
    expect(denied.response.status?.message).toContain('[pod-security:runAsNonRoot] violates PodSecurity "restricted:latest": runAsNonRoot != true');
    const warned = await validate(admissionReview(KINDS.pod, podOf({ app: image }), { namespace: 'warned' }));
    expect(warned.response.allowed).toBe(true);
    expect(warned.response.warnings).toEqual([expect.stringMatching(/^would violate PodSecurity "restricted:latest": allowPrivilegeEscalation != false/)]);
  });

  it('counts decisions in Prometheus metrics, audits denials as JSON lines, and reports itself ready', async () => {
    const metrics = await webhook.get('/metrics');
    expect(metrics.text).toMatch(/airlock_admission_decisions_total\{operation="validate",outcome="denied",rule="image-approved"\} [1-9]/);
    expect(metrics.text).toMatch(/airlock_admission_decisions_total\{operation="mutate",outcome="patched",rule=""\} [1-9]/);
    expect(metrics.text).toMatch(/airlock_admission_duration_seconds_bucket\{le="0.005",operation="validate"\} [1-9]/);
    expect(metrics.text).toContain('airlock_admission_cache_images 4');
    const records = webhook.auditLines.map((line) => JSON.parse(line) as { type: string; allowed: boolean; violations: Array<{ rule: string }> });
    expect(records.length).toBeGreaterThan(0);
    expect(records.every((record) => record.type === 'airlock.admission' && !record.allowed)).toBe(true);
    expect(records.flatMap((record) => record.violations.map((violation) => violation.rule))).toEqual(expect.arrayContaining(['image-approved', 'image-quarantine', 'image-registry', 'pod-security:runAsNonRoot']));
    expect((await webhook.get('/readyz')).json<{ status: string; images: number }>()).toMatchObject({ status: 'ready', images: 4 });
  });
});

describe('when the cache cannot be trusted', () => {
  it('fails closed while Airlock is unreachable, or open when configured so', async () => {
    const body = admissionReview(KINDS.pod, podOf({ app: `${host}/acme/debian:12` }));
    const unreachable = { dir, airlockUrl: 'http://127.0.0.1:9', credentials: { username: 'x', password: 'y' }, waitForSync: false, config: { airlock: { url: 'http://127.0.0.1:9', registryHost: host } } };
    const closed = await startWebhook(unreachable);
    const open = await startWebhook({ ...unreachable, config: { ...unreachable.config, failureMode: 'open' } });
    try {
      const refused = (await closed.post('/validate', body)).json<AdmissionAnswer>();
      expect(refused.response).toMatchObject({ allowed: false, status: { code: 403, message: 'Airlock: [image-cache] approved images cannot be checked: the approved-image cache has not been loaded from Airlock yet; failing closed' } });
      expect((await closed.get('/readyz')).status).toBe(503);
      const allowed = (await open.post('/validate', body)).json<AdmissionAnswer>();
      expect(allowed.response).toMatchObject({ allowed: true, warnings: [expect.stringContaining('allowed because the failure mode is open')] });
    } finally {
      await closed.close();
      await open.close();
    }
  });

  it('fails closed once the last sync is older than the staleness limit', async () => {
    const viewer = { username: 'webhook', password: 'webhook-password-123' };
    const stale = await startWebhook({ dir, airlockUrl: airlock.url, credentials: viewer, config: { stalenessLimit: '1s' } });
    try {
      const body = admissionReview(KINDS.pod, podOf({ app: `${host}/acme/debian:12` }));
      expect((await stale.post('/validate', body)).json<AdmissionAnswer>().response.allowed).toBe(true);
      await stale.server.sync.stop(); // Airlock "goes away": no more syncs
      await new Promise((resolve) => setTimeout(resolve, 1300));
      expect((await stale.post('/validate', body)).json<AdmissionAnswer>().response.status?.message).toMatch(/^Airlock: \[image-cache\] approved images cannot be checked: the approved-image cache was last synced with Airlock \d+s ago \(limit 1s\); failing closed$/);
    } finally {
      await stale.close();
    }
  });
});
