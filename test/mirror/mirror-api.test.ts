/**
 * The mirror's API and its bad input: who may change the catalog, invalid
 * catalogs with their line numbers, requests before a catalog exists, unknown
 * sources and tags, an unreachable upstream, and an upstream serving a blob
 * that does not match its digest (the tag fails, nothing half-written stays,
 * the next sync succeeds).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import path from 'node:path';
import { queryAuditLog } from '../../src/audit/index.js';
import { startAirlock, type Credentials, type TestAirlock } from '../helpers/airlock.js';
import { startDockerRegistry, type DockerRegistry } from '../helpers/docker-registry.js';
import { startFlakyProxy, type FlakyProxy } from '../helpers/flaky-proxy.js';
import { freePort } from '../helpers/postgres-server.js';
import { skopeo } from '../helpers/skopeo.js';

const layout = path.join(inject('testImagesDir'), 'oci');
type ApiError = { error: { code: string; message: string } };
type Status = { entries: Array<{ source: string; error?: string; tags: Array<{ tag: string; sync: string; error?: string; state?: string }> }> };

let airlock: TestAirlock;
let viewer: Credentials;
let upstream: DockerRegistry;
let proxy: FlakyProxy;

beforeAll(async () => {
  airlock = await startAirlock({ config: { gate: { workers: 1, pollInterval: '100ms' } } });
  viewer = await airlock.createUser('auditor', 'viewer');
  upstream = await startDockerRegistry();
  await skopeo(['copy', '--dest-tls-verify=false', `oci:${layout}:debian`, `docker://${upstream.host}/library/debian:12`]);
  proxy = await startFlakyProxy(upstream.url);
}, 120_000);
afterAll(async () => {
  await airlock?.close();
  await proxy?.stop();
  await upstream?.stop();
});

const apply = (text: string, auth?: Credentials) => airlock.api<ApiError & { version: number; changed: boolean }>('PUT', '/mirror/catalog', { text }, auth);
const status = async () => (await airlock.api<Status>('GET', '/mirror/status')).body.entries;

describe('the mirror API', () => {
  it('answers clearly before any catalog exists', async () => {
    const sync = await airlock.api<ApiError>('POST', '/mirror/sync', {});
    expect(sync.status).toBe(409);
    expect(sync.body.error).toMatchObject({ code: 'MIRROR_NOT_CONFIGURED', message: expect.stringContaining('airlock mirror apply') });
    expect((await airlock.api<ApiError>('GET', '/mirror/outdated')).status).toBe(404);
    expect((await airlock.api<Status>('GET', '/mirror/status')).body.entries).toEqual([]);
  });

  it('refuses an invalid catalog, naming each problem with its line, and stores nothing', async () => {
    const invalid = await apply('images:\n  - source: docker.io/grafana/grafana:10.4.1\n    tags: [">=10.4 <11"]\n    colour: blue\n');
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('CATALOG_INVALID');
    expect(invalid.body.error.message).toMatch(/line 2/);
    expect(invalid.body.error.message).toMatch(/put tags in `tags`/);
    expect(invalid.body.error.message).toMatch(/colour/);
    expect((await apply('images: [')).status).toBe(400);
    expect((await airlock.api('GET', '/mirror/catalog')).status).toBe(404);
  });

  it('lets only admins change the catalog, and audits each new version once', async () => {
    const text = `upstreams:\n  - host: ${proxy.host}\n    insecure: true\nimages:\n  - source: ${proxy.host}/library/debian\n    tags: ["12"]\n`;
    const denied = await apply(text, viewer);
    expect(denied.status).toBe(403);
    expect((await apply(text)).body).toMatchObject({ version: 1, changed: true });
    expect((await apply(text)).body).toMatchObject({ version: 1, changed: false });
    expect((await airlock.api('POST', '/mirror/sync', {}, viewer)).status).toBe(403);
    expect((await airlock.api('GET', '/mirror/status', undefined, viewer)).status).toBe(200);
    const audit = await queryAuditLog(airlock.server.database.db, { action: 'mirror.catalog.applied' });
    expect(audit.entries).toHaveLength(1);
    await expect.poll(async () => (await status())[0]?.tags[0]?.state, { timeout: 60_000 }).toBe('approved');
  });

  it('says which source or tag it does not know', async () => {
    const sync = await airlock.api<ApiError>('POST', '/mirror/sync', { source: 'docker.io/grafana/loki' });
    expect(sync.status).toBe(404);
    expect(sync.body.error.message).toMatch(/not in the mirror catalog/);
    const promote = await airlock.api<ApiError>('POST', '/mirror/promote', { source: `${proxy.host}/library/debian`, tag: '13' });
    expect(promote.status).toBe(404);
    expect((await airlock.api<ApiError>('POST', '/mirror/sync', { tags: ['1'] })).status).toBe(400);
  });

  it('fails a tag whose blob does not match its digest, keeps nothing of it, and succeeds on the next sync', async () => {
    await skopeo(['copy', '--dest-tls-verify=false', `oci:${layout}:goapp`, `docker://${upstream.host}/library/debian:go`]);
    proxy.tamper({ match: (request) => request.method === 'GET' && request.path.includes('/blobs/'), times: 1 });
    const source = `${proxy.host}/library/debian`;
    expect((await airlock.api('POST', '/mirror/sync', { source, tags: ['go'] })).status).toBe(202);
    await expect.poll(async () => (await status())[0]?.tags.find((tag) => tag.tag === 'go')?.sync, { timeout: 30_000 }).toBe('failed');
    const failed = (await status())[0]?.tags.find((tag) => tag.tag === 'go');
    expect(failed?.error).toMatch(/sha256:[0-9a-f]{64}/);
    const manifest = await fetch(`${airlock.url}/v2/quarantine/mirror/${proxy.host.replace(':', '_')}/library/debian/manifests/go`, { headers: { authorization: `Basic ${Buffer.from('admin:admin-password-for-tests').toString('base64')}` } });
    expect(manifest.status).toBe(404);
    expect((await airlock.api('POST', '/mirror/sync', { source, tags: ['go'] })).status).toBe(202);
    await expect.poll(async () => (await status())[0]?.tags.find((tag) => tag.tag === 'go')?.state, { timeout: 60_000 }).toBe('approved');
  });

  it('records an unreachable upstream on the entry and keeps what it mirrored', async () => {
    const closed = `127.0.0.1:${await freePort()}`;
    const text = `upstreams:\n  - host: ${closed}\n    insecure: true\n  - host: ${proxy.host}\n    insecure: true\nimages:\n  - source: ${closed}/team/app\n    tags: ["1"]\n  - source: ${proxy.host}/library/debian\n    tags: ["12"]\n  - source: ${proxy.host}/nobody/missing\n    tags: ["1"]\n`;
    expect((await apply(text)).body).toMatchObject({ version: 2, changed: true });
    // The tag listing fails first: the entry says why, and the job is tried again later with backoff.
    await expect.poll(async () => (await status()).find((entry) => entry.source === `${closed}/team/app`)?.error, { timeout: 30_000 }).toMatch(/cannot fetch tags of team\/app .*ECONNREFUSED/);
    expect((await status()).find((entry) => entry.source === `${closed}/team/app`)?.tags).toEqual([]);
    expect((await status()).find((candidate) => candidate.source === `${proxy.host}/library/debian`)?.tags.find((tag) => tag.tag === '12')?.state).toBe('approved');
    // A repository the upstream does not have is not asked for again and again: the job ends, the entry says why.
    const missing = `${proxy.host}/nobody/missing`;
    await expect.poll(async () => (await status()).find((entry) => entry.source === missing)?.error, { timeout: 30_000 }).toMatch(/has no/);
    const jobs = await airlock.server.database.db.selectFrom('jobs').select(['state', 'attempts', 'payload']).where('kind', '=', 'mirror-sync').execute();
    expect(jobs.filter((job) => job.payload.includes('nobody/missing'))).toEqual([expect.objectContaining({ state: 'done', attempts: 1 })]);
  });
});
