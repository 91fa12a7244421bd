/**
 * `airlock gc` (POST /api/v1/gc): deletes what nothing references once the
 * grace period is over, and never breaks a push that is running.
 */
import { randomBytes } from 'node:crypto';
import { readdir, utimes, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, basicAuth, startAirlock, type TestAirlock } from '../helpers/airlock.js';
import { RegistryClient, sha256 } from '../helpers/registry-client.js';

const HOUR = 3_600_000;

interface GcReport {
  blobsDeleted: number;
  bytesFreed: number;
  strayFilesDeleted: number;
  uploadsDeleted: number;
  dryRun: boolean;
}

describe.each(['sqlite', 'postgres'] as const)('garbage collection (%s)', (engine) => {
  let airlock: TestAirlock;
  let client: RegistryClient;
  let offset = 0;
  const gc = async (dryRun = false) => {
    const result = await airlock.api<GcReport>('POST', '/gc', { dryRun });
    expect(result.status).toBe(200);
    return result.body;
  };

  beforeAll(async () => {
    airlock = await startAirlock({ engine, clock: () => Date.now() + offset, config: { gc: { blobGracePeriod: '1h' }, registry: { uploadTtl: '24h' } } });
    await airlock.createTeam('acme');
    client = new RegistryClient(airlock.url, basicAuth(ADMIN));
  });
  afterAll(() => airlock.close());

  it('keeps referenced and young blobs, deletes unreferenced ones after the grace period', async () => {
    offset = 0;
    const image = await client.pushImage('quarantine/acme/kept', 'v1');
    const orphan = randomBytes(4096);
    await client.pushBlob('quarantine/acme/kept', orphan);

    expect((await gc()).blobsDeleted).toBe(0);
    offset = 2 * HOUR;
    const dry = await gc(true);
    expect(dry).toMatchObject({ dryRun: true, blobsDeleted: 1, bytesFreed: 4096 });
    expect((await client.request('HEAD', `/v2/quarantine/acme/kept/blobs/${sha256(orphan)}`)).status).toBe(200);

    const report = await gc();
    expect(report).toMatchObject({ dryRun: false, blobsDeleted: 1, bytesFreed: 4096 });
    expect((await client.request('HEAD', `/v2/quarantine/acme/kept/blobs/${sha256(orphan)}`)).status).toBe(404);
    for (const blob of image.blobs) {
      const response = await client.request('GET', `/v2/quarantine/acme/kept/blobs/${sha256(blob)}`);
      expect(Buffer.from(await response.arrayBuffer()).equals(blob)).toBe(true);
    }
  });

  it('frees blobs once the only manifest referencing them is deleted', async () => {
    offset = 0;
    const image = await client.pushImage('quarantine/acme/deleted', 'v1', { layerSize: 10_000 });
    expect((await client.request('DELETE', `/v2/quarantine/acme/deleted/manifests/${image.digest}`)).status).toBe(202);
    offset = 2 * HOUR;
    const report = await gc();
    expect(report.blobsDeleted).toBe(2);
    expect(report.bytesFreed).toBe(image.blobs.reduce((sum, blob) => sum + blob.length, 0));
  });

  it('removes stale uploads and stray files, keeps fresh uploads', async () => {
    offset = 0;
    const stale = await client.request('POST', '/v2/quarantine/acme/uploads/blobs/uploads/');
    offset = 25 * HOUR;
    const fresh = await client.request('POST', '/v2/quarantine/acme/uploads/blobs/uploads/');
    const strayContent = randomBytes(100);
    const strayDir = path.join(airlock.dataDir, 'storage', 'blobs', 'sha256', sha256(strayContent).slice(7, 9));
    await mkdir(strayDir, { recursive: true });
    const strayFile = path.join(strayDir, sha256(strayContent).slice(7));
    await writeFile(strayFile, strayContent);
    const old = new Date(Date.now() - 3 * HOUR);
    await utimes(strayFile, old, old);

    const report = await gc();
    expect(report.uploadsDeleted).toBe(1);
    expect(report.strayFilesDeleted).toBe(1);
    expect((await client.request('GET', stale.headers.get('location') as string)).status).toBe(404);
    expect((await client.request('GET', fresh.headers.get('location') as string)).status).toBe(204);
    // The stray's two-letter directory may also hold a real blob from an earlier push.
    expect(await readdir(strayDir)).not.toContain(path.basename(strayFile));
  });

  it('never breaks pushes that run while it collects', async () => {
    offset = 0;
    const pushes = Array.from({ length: 12 }, (_, i) => client.pushImage(`quarantine/acme/busy-${i % 3}`, `t${i}`, { layerSize: 64 * 1024 }));
    const collections = Array.from({ length: 6 }, () => gc());
    const images = await Promise.all(pushes);
    const reports = await Promise.all(collections);
    expect(reports.every((report) => report.blobsDeleted === 0)).toBe(true);
    offset = 2 * HOUR;
    await gc();
    for (const [i, image] of images.entries()) {
      for (const blob of image.blobs) {
        const response = await client.request('GET', `/v2/quarantine/acme/busy-${i % 3}/blobs/${sha256(blob)}`);
        expect(response.status).toBe(200);
        expect(sha256(Buffer.from(await response.arrayBuffer()))).toBe(sha256(blob));
      }
    }
  });

  it('is admin-only', async () => {
    const alice = await airlock.createUser(`alice-${engine}`, 'developer', [{ team: 'acme', role: 'developer' }]);
    const refused = await airlock.api('POST', '/gc', {}, alice);
    expect(refused.status).toBe(403);
  });
});
