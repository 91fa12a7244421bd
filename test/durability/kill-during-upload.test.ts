/**
 * `kill -9` in the middle of uploads: no blob may become visible that does not
 * hash to its name, and an interrupted chunked upload resumes after a restart.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile, mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN, basicAuth } from '../helpers/airlock.js';
import { spawnAirlock, type AirlockProcess } from '../helpers/airlock-process.js';
import { RegistryClient, sha256 } from '../helpers/registry-client.js';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function startFresh(): Promise<{ dataDir: string; server: AirlockProcess }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'airlock-kill-'));
  cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
  const server = await spawnAirlock(dataDir);
  cleanup.push(() => server.stop('SIGKILL'));
  const team = await fetch(`${server.url}/api/v1/teams`, { method: 'POST', headers: { authorization: basicAuth(ADMIN), 'content-type': 'application/json' }, body: '{"name":"acme"}' });
  expect(team.status).toBe(201);
  return { dataDir, server };
}

/** Streams `first` then waits forever, so the server is killed while the request body is still arriving. */
function hangingUpload(url: string, method: string, first: Buffer, headers: Record<string, string>): Promise<void> {
  return new Promise((resolve) => {
    const req = request(url, { method, headers: { authorization: basicAuth(ADMIN), ...headers } });
    req.on('error', () => resolve());
    req.on('response', () => resolve());
    req.write(first);
  });
}

async function waitForUploadBytes(dataDir: string, atLeast: number): Promise<void> {
  const uploads = path.join(dataDir, 'storage', 'uploads');
  for (let i = 0; i < 200; i++) {
    for (const name of await readdir(uploads)) {
      if ((await readFile(path.join(uploads, name))).length >= atLeast) return;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('upload bytes never reached the disk');
}

/** Every published blob file must hash to its own name. */
async function expectOnlyVerifiedBlobs(dataDir: string): Promise<number> {
  const root = path.join(dataDir, 'storage', 'blobs', 'sha256');
  let count = 0;
  for (const prefix of await readdir(root).catch(() => [])) {
    for (const name of await readdir(path.join(root, prefix))) {
      expect(createHash('sha256').update(await readFile(path.join(root, prefix, name))).digest('hex')).toBe(name);
      count += 1;
    }
  }
  return count;
}

describe('kill -9 during uploads', () => {
  it('never publishes a half-received monolithic upload', async () => {
    const { dataDir, server } = await startFresh();
    const content = randomBytes(8 * 1024 * 1024);
    const digest = sha256(content);
    const upload = hangingUpload(`${server.url}/v2/quarantine/acme/app/blobs/uploads/?digest=${digest}`, 'POST', content.subarray(0, 3 * 1024 * 1024), {
      'content-type': 'application/octet-stream',
      'content-length': String(content.length),
    });
    await waitForUploadBytes(dataDir, 1024 * 1024);
    await server.stop('SIGKILL');
    await upload;

    const restarted = await spawnAirlock(dataDir);
    cleanup.push(() => restarted.stop('SIGKILL'));
    const client = new RegistryClient(restarted.url, basicAuth(ADMIN));
    expect((await client.request('HEAD', `/v2/quarantine/acme/app/blobs/${digest}`)).status).toBe(404);
    expect(await expectOnlyVerifiedBlobs(dataDir)).toBe(0);
  });

  it('resumes an interrupted chunked upload after a restart', async () => {
    const { dataDir, server } = await startFresh();
    const client = new RegistryClient(server.url, basicAuth(ADMIN));
    const content = randomBytes(6 * 1024 * 1024);
    const start = await client.request('POST', '/v2/quarantine/acme/app/blobs/uploads/');
    expect(start.status).toBe(202);
    const location = start.headers.get('location') as string;
    const firstChunk = content.subarray(0, 1024 * 1024);
    const patched = await client.request('PATCH', location, { headers: { 'content-range': `0-${firstChunk.length - 1}`, 'content-type': 'application/octet-stream' }, body: firstChunk });
    expect(patched.status).toBe(202);

    // The second chunk is cut off by the kill after 2 MiB of its 5 MiB have arrived.
    const upload = hangingUpload(new URL(location, server.url).toString(), 'PATCH', content.subarray(firstChunk.length, 3 * 1024 * 1024), {
      'content-type': 'application/octet-stream',
      'content-length': String(content.length - firstChunk.length),
    });
    await waitForUploadBytes(dataDir, 2 * 1024 * 1024);
    await server.stop('SIGKILL');
    await upload;

    const restarted = await spawnAirlock(dataDir);
    cleanup.push(() => restarted.stop('SIGKILL'));
    const resumed = new RegistryClient(restarted.url, basicAuth(ADMIN));
    const status = await resumed.request('GET', location);
    expect(status.status).toBe(204);
    const received = Number((status.headers.get('range') as string).split('-')[1]) + 1;
    expect(received).toBeGreaterThanOrEqual(firstChunk.length);
    expect(received).toBeLessThanOrEqual(3 * 1024 * 1024);

    const rest = content.subarray(received);
    const finished = await resumed.request('PUT', `${location}?digest=${sha256(content)}`, {
      headers: { 'content-range': `${received}-${content.length - 1}`, 'content-type': 'application/octet-stream' },
      body: rest,
    });
    expect(finished.status).toBe(201);
    const blob = await resumed.request('GET', `/v2/quarantine/acme/app/blobs/${sha256(content)}`);
    expect(Buffer.from(await blob.arrayBuffer()).equals(content)).toBe(true);
    expect(await expectOnlyVerifiedBlobs(dataDir)).toBe(1);
  });
});
