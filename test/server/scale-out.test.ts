/**
 * Two Airlock replicas on one PostgreSQL database and one blob store behave as
 * one registry: a token issued by one is honoured by the other, and what one
 * receives the other serves.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, basicAuth, startAirlock, type TestAirlock } from '../helpers/airlock.js';
import { RegistryClient, sha256 } from '../helpers/registry-client.js';
import { createPostgresDatabase } from '../helpers/test-database.js';

let shared: string;
let first: TestAirlock;
let second: TestAirlock;

beforeAll(async () => {
  shared = await mkdtemp(path.join(tmpdir(), 'airlock-replicas-'));
  const databaseUrl = await createPostgresDatabase();
  // Started together, as a Deployment's pods are: migrations and the first signing key must not collide.
  [first, second] = await Promise.all([
    startAirlock({ config: { dataDir: shared, databaseUrl } }),
    startAirlock({ config: { dataDir: shared, databaseUrl } }),
  ]);
});
afterAll(async () => {
  await Promise.all([first.close(), second.close()]);
  await rm(shared, { recursive: true, force: true });
});

describe('two replicas', () => {
  it('share teams, images, uploads and registry tokens', async () => {
    await first.createTeam('shared');
    const pushed = await new RegistryClient(first.url, basicAuth(ADMIN)).pushImage('quarantine/shared/app', '1');

    const tokenResponse = await fetch(`${first.url}/auth/token?service=airlock&scope=repository:quarantine/shared/app:pull,push`, { headers: { authorization: basicAuth(ADMIN) } });
    const { token } = (await tokenResponse.json()) as { token: string };
    const viaSecond = new RegistryClient(second.url, `Bearer ${token}`);
    const manifest = await viaSecond.request('GET', '/v2/quarantine/shared/app/manifests/1');
    expect(manifest.status).toBe(200);
    expect(manifest.headers.get('docker-content-digest')).toBe(pushed.digest);

    // A chunked upload started on one replica and finished on the other.
    const layer = Buffer.alloc(300_000, 7);
    const start = await new RegistryClient(first.url, basicAuth(ADMIN)).request('POST', '/v2/quarantine/shared/app/blobs/uploads/');
    const location = start.headers.get('location') as string;
    expect((await viaSecond.request('PATCH', location, { headers: { 'content-range': '0-99999' }, body: layer.subarray(0, 100_000) })).status).toBe(202);
    const finish = await new RegistryClient(first.url, basicAuth(ADMIN)).request('PUT', `${location}?digest=${sha256(layer)}`, { headers: { 'content-range': `100000-${layer.length - 1}` }, body: layer.subarray(100_000) });
    expect(finish.status).toBe(201);
    const blob = await viaSecond.request('GET', `/v2/quarantine/shared/app/blobs/${sha256(layer)}`);
    expect(sha256(Buffer.from(await blob.arrayBuffer()))).toBe(sha256(layer));
  });
});
