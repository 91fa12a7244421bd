/**
 * The gate under bad input, end to end with skopeo and real servers:
 * - webhook receivers that are down or hang past the delivery timeout never
 *   hold up a verdict; failed attempts are logged and retried, and every event
 *   arrives once the receivers answer;
 * - an image whose layer blob is gone from storage ends in `error` with the
 *   cause (after the job's retries), and one with a layer that ends early is
 *   rejected — neither is ever approved or served;
 * - images with hostile layers (entries climbing above the root, hard links out
 *   of it, a layer that does not decompress) are rejected, never approved: the
 *   reason names the layer, the scan report the entry.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { WebhookReceiver, unusedPort, waitFor, type ReceivedRequest } from '../../src/events/webhook-receiver-harness.js';
import { tarOf } from '../../src/scan/layers/layer-harness.js';
import { VulnerabilityDatabase } from '../../src/scan/index.js';
import { ADMIN, basicAuth, startAirlock, type TestAirlock } from '../helpers/airlock.js';
import { spawnAirlock, type AirlockProcess } from '../helpers/airlock-process.js';
import { layeredImage, layeredImageDigest } from '../helpers/layered-image.js';
import { runCli } from '../helpers/run-cli.js';
import { skopeo, skopeoFailure } from '../helpers/skopeo.js';
import { truncatedImage } from '../helpers/truncated-image.js';

const layout = path.join(inject('testImagesDir'), 'oci');
const OSV = path.resolve(import.meta.dirname, '../../../shared/data/osv-advisories');
const SECRET = 'bad-input-webhook-secret-0123';
/** The delivery worker's default request time limit (src/events/worker-options.ts). */
const DELIVERY_TIMEOUT_MS = 10_000;

interface Status {
  state: string;
  digest: string;
  reasons: Array<{ rule: string; message: string }>;
  error?: string;
  decidedAt?: string;
}

interface Delivery {
  id: string;
  eventId: string;
  eventType: string;
  status: string;
  attempts: number;
  lastError: string | null;
}

/** Something with the few calls these tests make: the in-process server or a child process. */
interface Target {
  host: string;
  url: string;
}

async function api<T>(target: Target, method: string, apiPath: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${target.url}/api/v1${apiPath}`, {
    method,
    headers: { authorization: basicAuth(ADMIN), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

async function status(target: Target, ref: string): Promise<Status | undefined> {
  const response = await api<Status>(target, 'GET', `/images/status?ref=${encodeURIComponent(ref)}`);
  return response.status === 200 ? response.body : undefined;
}

async function decided(target: Target, ref: string, timeoutMs = 60_000): Promise<Status> {
  return waitFor(`a verdict on ${ref}`, async () => {
    const current = await status(target, ref);
    return current && !['received', 'scanning'].includes(current.state) ? current : undefined;
  }, timeoutMs);
}

async function history(target: Target, repository: string): Promise<string[]> {
  const list = await api<{ images: Array<{ id: string }> }>(target, 'GET', `/images?repository=${encodeURIComponent(repository)}`);
  const detail = await api<{ history: Array<{ to: string }> }>(target, 'GET', `/images/${list.body.images[0]?.id}`);
  return detail.body.history.map((step) => step.to);
}

async function push(target: Target, token: string, source: string, ref: string): Promise<void> {
  await skopeo(['copy', '--dest-tls-verify=false', '--dest-creds', `ci:${token}`, source, `docker://${target.host}/${ref}`]);
}

/** The approved repository does not serve it, by tag or by digest. */
async function expectNotServed(target: Target, token: string, repository: string, tag: string, digest: string): Promise<void> {
  for (const reference of [`${repository}:${tag}`, `${repository}@${digest}`]) {
    expect(await skopeoFailure(['inspect', '--raw', '--tls-verify=false', '--creds', `cluster:${token}`, `docker://${target.host}/${reference}`])).toMatch(/manifest unknown/);
  }
}

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'airlock-bad-input-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('with one webhook receiver down and one hanging', () => {
  let airlock: TestAirlock;
  let ci: string;
  let slow: WebhookReceiver;
  let revived: WebhookReceiver | undefined;
  let downPort: number;
  let downHook: string;
  let slowHook: string;
  /** Answers to the first requests the slow receiver got, held back until the test lets them go. */
  const held: Array<() => void> = [];

  beforeAll(async () => {
    airlock = await startAirlock({ config: { gate: { workers: 1, pollInterval: '100ms' } } });
    await airlock.createTeam('acme');
    ci = (await airlock.createToken('acme', 'ci')).token;
    await new VulnerabilityDatabase(airlock.server.database.db).update({ sources: [path.join(OSV, 'ghsa-npm-maven-rubygems/advisories')] });
    downPort = await unusedPort();
    // The first two requests (all the worker sends one subscription at once) get no answer for well past the time limit.
    slow = await WebhookReceiver.start((_request, index) => (index < 2 ? new Promise<number>((resolve) => held.push(() => resolve(200))) : 200));
    const down = await api<{ id: string }>(airlock, 'POST', '/webhooks', { url: `http://127.0.0.1:${downPort}/hooks/airlock`, secret: SECRET, teams: ['acme'] });
    const hanging = await api<{ id: string }>(airlock, 'POST', '/webhooks', { url: slow.url, secret: SECRET, teams: ['acme'] });
    expect([down.status, hanging.status]).toEqual([201, 201]);
    [downHook, slowHook] = [down.body.id, hanging.body.id];
  });
  afterAll(async () => {
    for (const answer of held) answer();
    await airlock?.close();
    await slow?.close();
    await revived?.close();
  });

  async function deliveries(webhook: string): Promise<Delivery[]> {
    return (await api<{ deliveries: Delivery[] }>(airlock, 'GET', `/webhooks/${webhook}/deliveries?limit=500`)).body.deliveries;
  }

  it('decides images while the hanging receiver still holds the first request', async () => {
    await push(airlock, ci, `oci:${layout}:debian`, 'quarantine/acme/debian:12');
    const debian = await decided(airlock, 'quarantine/acme/debian:12');
    expect(debian.state).toBe('approved');
    // The image's own image.received event is held by the receiver; the verdict was recorded before the delivery
    // worker even gave up on that request.
    const firstHeld = slow.requests[0] as ReceivedRequest;
    expect(firstHeld.event).toMatchObject({ type: 'image.received', subject: `quarantine/acme/debian@${debian.digest}` });
    expect(Date.parse(debian.decidedAt as string)).toBeLessThan(firstHeld.at + DELIVERY_TIMEOUT_MS);
    const pushed = Date.now();
    await push(airlock, ci, `oci:${layout}:nodeapp`, 'quarantine/acme/nodeapp:1.0');
    expect((await decided(airlock, 'quarantine/acme/nodeapp:1.0')).state).toBe('rejected');
    expect(Date.now() - pushed).toBeLessThan(DELIVERY_TIMEOUT_MS);
  });

  it('logs each failed attempt with its error and retries it', async () => {
    const refused = await waitFor('retried deliveries to the receiver that is down', async () => {
      const list = await deliveries(downHook);
      return list.length > 0 && list.every((delivery) => delivery.status === 'failed' && delivery.attempts >= 2) ? list : undefined;
    }, 15_000);
    for (const delivery of refused) expect(delivery.lastError).toMatch(/ECONNREFUSED/);
    const attempts = await api<{ attempts: Array<{ error: string | null; succeeded: boolean }> }>(airlock, 'GET', `/deliveries/${refused[0]?.id}/attempts`);
    expect(attempts.body.attempts.length).toBeGreaterThanOrEqual(2);
    expect(attempts.body.attempts.every((attempt) => !attempt.succeeded && /ECONNREFUSED/.test(attempt.error ?? ''))).toBe(true);

    const timedOut = await waitFor('the hanging requests to time out', async () => {
      const list = await deliveries(slowHook);
      const failed = list.filter((delivery) => delivery.lastError === `timed out after ${DELIVERY_TIMEOUT_MS} ms`);
      return failed.length === 2 ? failed : undefined;
    }, DELIVERY_TIMEOUT_MS + 10_000);
    expect(timedOut.map((delivery) => delivery.attempts)).toEqual([1, 1]);
  }, 40_000);

  it('delivers every event to both once they answer: nothing is lost', async () => {
    revived = await WebhookReceiver.start(() => 200, downPort);
    const events = (await api<{ events: Array<{ id: string }> }>(airlock, 'GET', '/events?team=acme&limit=500')).body.events.map((event) => event.id).sort();
    expect(events.length).toBeGreaterThanOrEqual(8);
    for (const webhook of [downHook, slowHook]) {
      const list = await waitFor(`every delivery of ${webhook}`, async () => {
        const current = await deliveries(webhook);
        return current.every((delivery) => delivery.status === 'delivered') ? current : undefined;
      }, 40_000);
      expect(list.map((delivery) => delivery.eventId).sort()).toEqual(events);
    }
    // The revived receiver got each event (at least once); the slow one too, its two timed-out requests resent.
    expect([...new Set(revived.eventIds())].sort()).toEqual(events);
    expect([...new Set(slow.eventIds())].sort()).toEqual(events);
    const resent = slow.requests.filter((request) => request.headers['x-airlock-attempt'] === '2').map((request) => String(request.event.id));
    expect(resent.sort()).toEqual(slow.requests.slice(0, 2).map((request) => String(request.event.id)).sort());
  }, 90_000);
});

describe('images whose layers cannot be read', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
  });

  async function start(dataDir: string, workers: number): Promise<AirlockProcess> {
    const config = path.join(dataDir, `airlock-${workers}.yaml`);
    await writeFile(config, `gate:\n  workers: ${workers}\n  pollInterval: 100ms\n`);
    const server = await spawnAirlock(dataDir, { env: { AIRLOCK_CONFIG: config } });
    cleanup.push(() => server.stop('SIGKILL'));
    return server;
  }

  it('ends in error, with the cause, when a layer blob is gone from storage — never approved', async () => {
    const dataDir = await mkdtemp(path.join(scratch, 'data-'));
    // Pushed while no gate worker runs, so the blob can go missing before anything reads it.
    const registryOnly = await start(dataDir, 0);
    expect((await api(registryOnly, 'POST', '/teams', { name: 'acme' })).status).toBe(201);
    const ci = (await api<{ token: string }>(registryOnly, 'POST', '/tokens', { team: 'acme', role: 'ci' })).body.token;
    const puller = (await api<{ token: string }>(registryOnly, 'POST', '/tokens', { team: 'acme', role: 'puller' })).body.token;
    const own = gzipSync(await tarOf([{ name: 'srv/data.bin', content: randomBytes(4096) }]));
    const imageDir = path.join(scratch, 'lost-blob');
    await push(registryOnly, ci, await layeredImage(imageDir, layout, 'debian', [{ blob: own }]), 'quarantine/acme/lost:1');
    const digest = await layeredImageDigest(imageDir);
    expect((await status(registryOnly, 'quarantine/acme/lost:1'))?.state).toBe('received');
    await registryOnly.stop();
    const hex = createHash('sha256').update(own).digest('hex');
    await unlink(path.join(dataDir, 'storage', 'blobs', 'sha256', hex.slice(0, 2), hex));

    const gate = await start(dataDir, 1);
    // Infrastructure failures are retried (5 attempts, 1+2+4+8 s apart) before the image is given up on.
    const result = await decided(gate, 'quarantine/acme/lost:1', 60_000);
    expect(result.state).toBe('error');
    expect(result.error).toContain(hex);
    expect(await history(gate, 'quarantine/acme/lost')).toEqual(['received', 'scanning', 'error']);
    await expectNotServed(gate, puller, 'acme/lost', '1', digest);
  }, 90_000);

  it('rejects an image with a layer that ends early, naming the layer', async () => {
    const dataDir = await mkdtemp(path.join(scratch, 'data-'));
    const gate = await start(dataDir, 1);
    expect((await api(gate, 'POST', '/teams', { name: 'acme' })).status).toBe(201);
    const ci = (await api<{ token: string }>(gate, 'POST', '/tokens', { team: 'acme', role: 'ci' })).body.token;
    const puller = (await api<{ token: string }>(gate, 'POST', '/tokens', { team: 'acme', role: 'puller' })).body.token;
    const imageDir = path.join(scratch, 'truncated');
    await push(gate, ci, await truncatedImage(imageDir, layout, 'debian'), 'quarantine/acme/truncated:1');
    const result = await decided(gate, 'quarantine/acme/truncated:1');
    expect(result.state).toBe('rejected');
    expect(result.reasons).toEqual([expect.objectContaining({ rule: 'airlock:readable-layers', message: expect.stringMatching(/^layer sha256:[0-9a-f]{64} could not be read to its end/) })]);
    await expectNotServed(gate, puller, 'acme/truncated', '1', await layeredImageDigest(imageDir));
  });
});

describe('images with hostile layers', () => {
  let airlock: TestAirlock;
  let ci: string;
  let puller: string;

  beforeAll(async () => {
    airlock = await startAirlock({ config: { gate: { workers: 1, pollInterval: '100ms' } } });
    await airlock.createTeam('acme');
    ci = (await airlock.createToken('acme', 'ci')).token;
    puller = (await airlock.createToken('acme', 'puller')).token;
    await new VulnerabilityDatabase(airlock.server.database.db).update({ sources: [path.join(OSV, 'ghsa-npm-maven-rubygems/advisories')] });
  });
  afterAll(async () => {
    await airlock?.close();
  });

  /**
   * Pushes debian + `upper` to quarantine/acme/<name>:1 and waits for the verdict: rejected, because the
   * upper layer cannot be judged (the reason names that layer), and not served from acme/<name>.
   */
  async function judgeHostile(name: string, upper: Buffer, cause: RegExp): Promise<string> {
    const imageDir = path.join(scratch, name);
    const source = await layeredImage(imageDir, layout, 'debian', [{ blob: upper }]);
    await push(airlock, ci, source, `quarantine/acme/${name}:1`);
    const result = await decided(airlock, `quarantine/acme/${name}:1`);
    expect(result.state).toBe('rejected');
    const layer = `sha256:${createHash('sha256').update(upper).digest('hex')}`;
    expect(result.reasons).toEqual([{ rule: 'airlock:readable-layers', message: expect.stringMatching(new RegExp(`^layer ${layer} could not be read to its end: .+; the image cannot be judged$`)) }]);
    expect(result.reasons[0]?.message).toMatch(cause);
    await expectNotServed(airlock, puller, `acme/${name}`, '1', await layeredImageDigest(imageDir));
    return source;
  }

  it('a well-formed upper layer is approved (the control)', async () => {
    const upper = gzipSync(await tarOf([{ name: 'srv/', type: 'directory' }, { name: 'srv/index.html', content: '<h1>hello</h1>' }]));
    const imageDir = path.join(scratch, 'control');
    await push(airlock, ci, await layeredImage(imageDir, layout, 'debian', [{ blob: upper }]), 'quarantine/acme/control:1');
    expect((await decided(airlock, 'quarantine/acme/control:1')).state).toBe('approved');
  });

  it('rejects a layer whose entries climb above the root, and a scan of it says which entry', async () => {
    // containerd writes ../../app/… to /app/… (it clamps at the root), Docker refuses the layer. Skipped by the
    // scanner, this entry would put a minimist with a critical vulnerability (CVE-2021-44906) into an approved image.
    const upper = gzipSync(await tarOf([{ name: '../../app/node_modules/minimist/package.json', content: '{"name":"minimist","version":"1.2.0"}' }]));
    const source = await judgeHostile('traversal', upper, /"\.\.\/\.\.\/app\/node_modules\/minimist\/package\.json" climbs above the image root/);
    const scanned = await runCli(['scan', source, '--format', 'json'], { AIRLOCK_DATA_DIR: path.join(scratch, 'cli-data') });
    expect(scanned.code).toBe(0);
    const report = JSON.parse(scanned.stdout) as { artifact: { incompleteLayers?: string[] }; errors: string[] };
    expect(report.artifact.incompleteLayers).toEqual([`sha256:${createHash('sha256').update(upper).digest('hex')}`]);
    expect(report.errors).toEqual(expect.arrayContaining([expect.stringContaining('tar entry "../../app/node_modules/minimist/package.json" climbs above the image root')]));
  });

  it('rejects a layer with a hard link out of the root', async () => {
    await judgeHostile('hardlink', gzipSync(await tarOf([{ name: 'etc/copy-of-shadow', type: 'link', linkname: '../../../etc/shadow' }])), /climbs above the image root/);
  });

  it('rejects a layer that does not decompress', async () => {
    await judgeHostile('corrupt', Buffer.concat([gzipSync(await tarOf([{ name: 'srv/a.txt', content: 'a' }])).subarray(0, 20), randomBytes(2048)]), /./);
  });
});
