/**
 * An upstream that wants credentials (docker-registry with the token flow):
 * the catalog names the environment variable holding them; unset, or wrong,
 * the sync fails saying so; right, the image is mirrored. The secret never
 * appears in the catalog, the status or the errors.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startAirlock, type TestAirlock } from '../helpers/airlock.js';
import { pushTestImage, startDockerRegistry, type DockerRegistry } from '../helpers/docker-registry.js';

const layout = path.join(inject('testImagesDir'), 'oci');
const USER = { username: 'mirror-bot', password: 'upstream-secret-0123' };
type Status = { entries: Array<{ source: string; error?: string; tags: Array<{ tag: string; sync: string; state?: string; error?: string }> }> };

let upstream: DockerRegistry;
const started: TestAirlock[] = [];

async function airlockWith(environment: Record<string, string>): Promise<TestAirlock> {
  const airlock = await startAirlock({ environment, config: { gate: { workers: 1, pollInterval: '50ms' } } });
  started.push(airlock);
  const text = `upstreams:\n  - host: ${upstream.host}\n    insecure: true\n    credentialsEnv: UPSTREAM_CREDS\nimages:\n  - source: ${upstream.host}/private/app\n    tags: ["1"]\n`;
  expect((await airlock.api('PUT', '/mirror/catalog', { text })).status).toBe(200);
  return airlock;
}
const entry = async (airlock: TestAirlock) => (await airlock.api<Status>('GET', '/mirror/status')).body.entries[0];

beforeAll(async () => {
  upstream = await startDockerRegistry({ auth: USER });
  await pushTestImage(upstream, layout, 'debian', 'private/app:1', USER);
}, 120_000);
afterAll(async () => {
  for (const airlock of started) await airlock.close();
  await upstream?.stop();
});

describe('mirroring from an upstream that wants credentials', () => {
  it('says which variable is missing when it is not set', async () => {
    const airlock = await airlockWith({});
    await expect.poll(async () => (await entry(airlock))?.error ?? '', { timeout: 20_000 }).toMatch(/UPSTREAM_CREDS/);
  });

  it('fails with a refusal, not the secret, when they are wrong', async () => {
    const airlock = await airlockWith({ UPSTREAM_CREDS: `${USER.username}:not-the-password` });
    await expect.poll(async () => (await entry(airlock))?.error ?? '', { timeout: 20_000 }).toMatch(/refused|denied|credentials/i);
    expect(JSON.stringify(await entry(airlock))).not.toContain('not-the-password');
  });

  it('mirrors the image with the right ones', async () => {
    const airlock = await airlockWith({ UPSTREAM_CREDS: `${USER.username}:${USER.password}` });
    await expect.poll(async () => (await entry(airlock))?.tags[0]?.state, { timeout: 60_000 }).toBe('approved');
    const catalog = await airlock.api<{ text: string }>('GET', '/mirror/catalog');
    expect(JSON.stringify(catalog.body)).not.toContain(USER.password);
  });
});
