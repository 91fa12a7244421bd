/**
 * Mirroring through the gate against a real upstream: Debian's docker-registry
 * seeded with real images by skopeo, behind a proxy that throttles (429 +
 * Retry-After) and drops connections. Synced images are judged like pushes;
 * approved copies pull from mirror/<host>/<path> (same digest) and keep
 * pulling once the upstream is gone; a vulnerable tag is rejected with
 * reasons; a pull of an allowed tag not yet mirrored is fetched on demand;
 * the advisor reports a newer clean tag, held until promoted.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { VulnerabilityDatabase } from '../../src/scan/index.js';
import { ADMIN, startAirlock, type TestAirlock } from '../helpers/airlock.js';
import { startDockerRegistry, type DockerRegistry } from '../helpers/docker-registry.js';
import { startFlakyProxy, type FlakyProxy } from '../helpers/flaky-proxy.js';
import { runCli } from '../helpers/run-cli.js';
import { skopeo, skopeoFailure } from '../helpers/skopeo.js';
import { layoutManifest } from '../skopeo/oci-layout.js';

const layout = path.join(inject('testImagesDir'), 'oci');
const OSV = path.resolve(import.meta.dirname, '../../../shared/data/osv-advisories/ghsa-npm-maven-rubygems/advisories');

interface TagStatus {
  tag: string;
  sync: string;
  state?: string;
  held: boolean;
  digest?: string;
  upstreamDigest?: string;
  reasons?: Array<{ vulnerability?: string; package?: string; message: string }>;
}
interface EntryStatus {
  source: string;
  mirrorRepository: string;
  tags: TagStatus[];
}

let upstream: DockerRegistry;
let proxy: FlakyProxy;
let airlock: TestAirlock;
let workDir: string;
let host: string;
const cli = (args: readonly string[]) => runCli(['--server', airlock.url, ...args], { AIRLOCK_USERNAME: ADMIN.username, AIRLOCK_PASSWORD: ADMIN.password });
const seed = (image: string, reference: string) => skopeo(['copy', '--dest-tls-verify=false', `oci:${layout}:${image}`, `docker://${upstream.host}/${reference}`]);
const mirrorOf = (repository: string) => `mirror/${host.replace(':', '_')}/${repository}`;

async function status(): Promise<EntryStatus[]> {
  return (await airlock.api<{ entries: EntryStatus[] }>('GET', '/mirror/status')).body.entries;
}
async function tagStatus(repository: string, tag: string): Promise<TagStatus | undefined> {
  return (await status()).find((entry) => entry.source === `${host}/${repository}`)?.tags.find((candidate) => candidate.tag === tag);
}
async function decided(repository: string, tag: string): Promise<TagStatus> {
  await expect.poll(async () => (await tagStatus(repository, tag))?.state, { timeout: 60_000, interval: 250 }).toMatch(/^(approved|rejected|error)$/);
  return (await tagStatus(repository, tag)) as TagStatus;
}
const pull = (reference: string) => skopeo(['inspect', '--raw', '--tls-verify=false', '--creds', `${ADMIN.username}:${ADMIN.password}`, `docker://${airlock.host}/${reference}`]);
const pullFailure = (reference: string) => skopeoFailure(['inspect', '--raw', '--tls-verify=false', '--creds', `${ADMIN.username}:${ADMIN.password}`, `docker://${airlock.host}/${reference}`]);

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'airlock-mirror-'));
  upstream = await startDockerRegistry();
  await seed('debian', 'library/debian:12');
  await seed('nodeapp', 'acme/web:1.0.0');
  await seed('debian', 'tools/app:1.0.0');
  await seed('nodeapp', 'tools/app:1.0.5');
  proxy = await startFlakyProxy(upstream.url);
  host = proxy.host;
  airlock = await startAirlock({ config: { gate: { workers: 2, pollInterval: '100ms' } } });
  await new VulnerabilityDatabase(airlock.server.database.db).update({ sources: [OSV] });
}, 180_000);
afterAll(async () => {
  await airlock?.close();
  await proxy?.stop();
  await upstream?.stop();
  await rm(workDir, { recursive: true, force: true });
});

describe('airlock mirror', () => {
  it('applies a catalog and syncs it through a throttling, connection-dropping upstream; every copy is judged', async () => {
    proxy.throttle({ match: (request) => request.path.includes('/tags/list'), times: 2, retryAfter: '1' });
    proxy.drop({ match: (request) => request.path.includes('/blobs/'), times: 2, afterBytes: 1000 });
    const catalog = path.join(workDir, 'catalog.yaml');
    await writeFile(
      catalog,
      [
        'upstreams:',
        `  - host: ${host}`,
        '    insecure: true',
        'images:',
        `  - source: ${host}/library/debian`,
        '    tags: ["12"]',
        `  - source: ${host}/acme/web`,
        '    tags: ["1.0.0"]',
        `  - source: ${host}/tools/app`,
        '    tags: [">=1.0 <2"]',
        '',
      ].join('\n'),
    );
    const applied = await cli(['mirror', 'apply', catalog]);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toMatch(/version:\s+1/);

    const synced = await cli(['mirror', 'sync', '--json']);
    // acme/web is rejected: the sync reports it and exits 1.
    expect(synced.code).toBe(1);
    const debian = await decided('library/debian', '12');
    expect(debian).toMatchObject({ sync: 'synced', state: 'approved', held: false });
    expect(debian.digest).toBe((await layoutManifest(layout, 'debian')).digest);
    expect(debian.upstreamDigest).toBe(debian.digest);
    expect(proxy.requests.filter((request) => request.outcome === 'throttled')).toHaveLength(2);
    expect(proxy.requests.filter((request) => request.outcome === 'dropped')).toHaveLength(2);
  });

  it('serves the approved copy, same digest, from mirror/<host>/<path>', async () => {
    const pulled = await pull(`${mirrorOf('library/debian')}:12`);
    expect(pulled.stdout).toContain('"layers"');
  });

  it('rejects a vulnerable upstream tag with its reasons and never serves it', async () => {
    const web = await decided('acme/web', '1.0.0');
    expect(web.state).toBe('rejected');
    expect(web.reasons).toEqual(expect.arrayContaining([expect.objectContaining({ vulnerability: 'CVE-2021-44906', package: 'minimist' })]));
    expect(await pullFailure(`${mirrorOf('acme/web')}:1.0.0`)).toMatch(/manifest unknown|not approved|rejected/i);
    const table = await cli(['mirror', 'status', '--image', 'acme/web']);
    expect(table.stdout).toMatch(/1\.0\.0\s+synced\s+rejected/);
    expect(table.stdout).toContain('CVE-2021-44906');
  });

  it('mirrors only the newest tag a range selects at first', async () => {
    const app = await decided('tools/app', '1.0.5');
    expect(app.state).toBe('rejected'); // nodeapp
    expect(await pullFailure(`${mirrorOf('tools/app')}:1.0.5`)).toMatch(/is rejected/);
    expect(await tagStatus('tools/app', '1.0.0')).toBeUndefined();
  });

  it('fetches an allowed tag on its first pull, and serves it once approved', async () => {
    const first = await pullFailure(`${mirrorOf('tools/app')}:1.0.0`);
    expect(first).toMatch(/being fetched from .* and scanned/);
    expect(await decided('tools/app', '1.0.0')).toMatchObject({ state: 'approved', held: false });
    await pull(`${mirrorOf('tools/app')}:1.0.0`);
    // A tag outside the selector is not fetched.
    expect(await pullFailure(`${mirrorOf('tools/app')}:3.0.0`)).toMatch(/not allowed by the mirror catalog/);
    expect(await tagStatus('tools/app', '3.0.0')).toBeUndefined();
  });

  it('advises a newer clean tag with its vulnerability delta, holds it, and promotes it on request', async () => {
    // Accept what 1.0.5 fails for: the newest approved tag then carries vulnerabilities a newer tag can fix.
    const rejected = await decided('tools/app', '1.0.5');
    for (const vulnerability of new Set(rejected.reasons?.map((reason) => reason.vulnerability).filter((id) => id !== undefined))) {
      const created = await airlock.api('POST', '/exceptions', { vulnerability, scope: `repository:${mirrorOf('tools/app')}`, reason: 'test: build-time only', expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
      expect(created.status).toBe(201);
    }
    await expect.poll(async () => (await tagStatus('tools/app', '1.0.5'))?.state, { timeout: 30_000 }).toBe('approved');
    await seed('debian', 'tools/app:1.2.0');
    const synced = await cli(['mirror', 'sync', '--image', `${host}/tools/app`]);
    expect(synced.stderr).toBe('');
    expect(synced.code).toBe(0);
    const candidate = await decided('tools/app', '1.2.0');
    expect(candidate).toMatchObject({ state: 'approved', held: true });
    expect(await pullFailure(`${mirrorOf('tools/app')}:1.2.0`)).toMatch(/waits to be promoted/);

    type Candidate = { tag: string; state: string; held: boolean; fixes?: Record<string, number>; introduces?: Record<string, number>; fixed?: string[] };
    const outdated = await airlock.api<{ entries: Array<{ source: string; current?: string; candidates: Candidate[] }> }>('GET', '/mirror/outdated');
    const app = outdated.body.entries.find((entry) => entry.source === `${host}/tools/app`);
    expect(app?.current).toBe('1.0.5');
    expect(app?.candidates).toEqual([expect.objectContaining({ tag: '1.2.0', state: 'approved', held: true, introduces: {} })]);
    expect(app?.candidates[0]?.fixed).toContain('CVE-2021-44906');
    expect(app?.candidates[0]?.fixes?.critical).toBeGreaterThanOrEqual(1);
    const table = await cli(['mirror', 'outdated']);
    expect(table.stdout).toMatch(/tools\/app\s+1\.0\.5\s+1\.2\.0\s+approved \(held\)\s+\d+ critical/);

    const promoted = await cli(['mirror', 'promote', `${host}/tools/app:1.2.0`, '--json']);
    expect(JSON.parse(promoted.stdout)).toEqual({ state: 'approved', promoted: true });
    await pull(`${mirrorOf('tools/app')}:1.2.0`);
  });

  it('keeps serving approved copies when the upstream is gone', async () => {
    await proxy.stop();
    await upstream.stop();
    const target = path.join(workDir, 'copy');
    await skopeo(['copy', '--src-tls-verify=false', '--src-creds', `${ADMIN.username}:${ADMIN.password}`, `docker://${airlock.host}/${mirrorOf('library/debian')}:12`, `dir:${target}`]);
  });
});
