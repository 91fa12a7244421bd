/**
 * Mirrored images are judged again when the vulnerability database changes,
 * like every image: an approved mirror of an npm application becomes at-risk
 * once advisories against its packages are imported.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { VulnerabilityDatabase } from '../../src/scan/index.js';
import { startAirlock, type TestAirlock } from '../helpers/airlock.js';
import { pushTestImage, startDockerRegistry, type DockerRegistry } from '../helpers/docker-registry.js';

const layout = path.join(inject('testImagesDir'), 'oci');
const OSV = path.resolve(import.meta.dirname, '../../../shared/data/osv-advisories/ghsa-npm-maven-rubygems/advisories');
type Status = { entries: Array<{ tags: Array<{ tag: string; state?: string }> }> };

let airlock: TestAirlock;
let upstream: DockerRegistry;

beforeAll(async () => {
  upstream = await startDockerRegistry();
  await pushTestImage(upstream, layout, 'nodeapp', 'acme/web:1.0.0');
  // tick 200ms: the sweep that re-decides after imports runs five times a second.
  airlock = await startAirlock({ config: { gate: { workers: 1, pollInterval: '50ms', tick: '200ms' } } });
}, 120_000);
afterAll(async () => {
  await airlock?.close();
  await upstream?.stop();
});

const state = async () => (await airlock.api<Status>('GET', '/mirror/status')).body.entries[0]?.tags[0]?.state;

describe('a mirrored image', () => {
  it('is re-decided when the database learns of its vulnerabilities', async () => {
    const text = `upstreams:\n  - host: ${upstream.host}\n    insecure: true\nimages:\n  - source: ${upstream.host}/acme/web\n    tags: ["1.0.0"]\n`;
    expect((await airlock.api('PUT', '/mirror/catalog', { text })).status).toBe(200);
    await expect.poll(state, { timeout: 60_000 }).toBe('approved');
    await new VulnerabilityDatabase(airlock.server.database.db).update({ sources: [OSV] });
    await expect.poll(state, { timeout: 30_000 }).toBe('at-risk');
    const status = await airlock.api<{ reasons: Array<{ vulnerability?: string }> }>('GET', `/images/status?ref=${encodeURIComponent(`mirror/${upstream.host.replace(':', '_')}/acme/web:1.0.0`)}`);
    expect(status.body.reasons).toEqual(expect.arrayContaining([expect.objectContaining({ vulnerability: 'CVE-2021-44906' })]));
  });
});
