import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, basicAuth, startAirlock, type TestAirlock } from '../helpers/airlock.js';
import { RegistryClient } from '../helpers/registry-client.js';

describe.each(['sqlite', 'postgres'] as const)('registry smoke (%s)', (engine) => {
  let airlock: TestAirlock;
  let client: RegistryClient;
  beforeAll(async () => {
    airlock = await startAirlock({ engine });
    await airlock.createTeam('acme');
    client = new RegistryClient(airlock.url, basicAuth(ADMIN));
  });
  afterAll(() => airlock.close());

  it('pushes and pulls an image', async () => {
    const { digest, blobs } = await client.pushImage('quarantine/acme/app', 'v1');
    const manifest = await client.request('GET', '/v2/quarantine/acme/app/manifests/v1');
    expect(manifest.status).toBe(200);
    expect(manifest.headers.get('docker-content-digest')).toBe(digest);
    const layer = blobs[1] as Buffer;
    const blob = await client.request('GET', `/v2/quarantine/acme/app/blobs/${(await import('../helpers/registry-client.js')).sha256(layer)}`);
    expect(Buffer.from(await blob.arrayBuffer()).equals(layer)).toBe(true);
  });
});
