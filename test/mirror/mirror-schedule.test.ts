/**
 * The catalog's `schedule`: once an entry's last sync is older than it, the
 * gate's tick queues a new sync, which lists the upstream again and fetches a
 * tag that appeared there meanwhile (an exact tag of the catalog).
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startAirlock, type TestAirlock } from '../helpers/airlock.js';
import { pushTestImage, startDockerRegistry, type DockerRegistry } from '../helpers/docker-registry.js';

const layout = path.join(inject('testImagesDir'), 'oci');
type Status = { entries: Array<{ source: string; lastSyncAt?: string; tags: Array<{ tag: string; sync: string }> }> };

let airlock: TestAirlock;
let upstream: DockerRegistry;
let now = Date.now();

beforeAll(async () => {
  upstream = await startDockerRegistry();
  await pushTestImage(upstream, layout, 'debian', 'library/debian:12');
  airlock = await startAirlock({ clock: () => now, config: { gate: { workers: 1, pollInterval: '50ms', tick: '100ms' } } });
}, 120_000);
afterAll(async () => {
  await airlock?.close();
  await upstream?.stop();
});

const entry = async () => (await airlock.api<Status>('GET', '/mirror/status')).body.entries[0];

describe('a scheduled mirror sync', () => {
  it('runs again once the schedule is due, and picks up what the upstream gained', async () => {
    const text = `schedule: 1h\nupstreams:\n  - host: ${upstream.host}\n    insecure: true\nimages:\n  - source: ${upstream.host}/library/debian\n    tags: ["12", "13"]\n`;
    expect((await airlock.api('PUT', '/mirror/catalog', { text })).status).toBe(200);
    await expect.poll(async () => (await entry())?.lastSyncAt, { timeout: 30_000 }).toBeDefined();
    const first = (await entry())?.lastSyncAt;
    expect((await entry())?.tags.find((tag) => tag.tag === '13')?.sync).toBe('failed'); // not upstream yet
    await pushTestImage(upstream, layout, 'bullseye', 'library/debian:13');
    now += 30 * 60_000; // not due yet
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await entry())?.lastSyncAt).toBe(first);
    now += 31 * 60_000;
    await expect.poll(async () => (await entry())?.tags.find((tag) => tag.tag === '13')?.sync, { timeout: 30_000 }).toBe('synced');
    expect((await entry())?.lastSyncAt).not.toBe(first);
  });
});
