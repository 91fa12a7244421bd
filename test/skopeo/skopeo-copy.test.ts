/**
 * skopeo, a real OCI client, copies real Debian images (built by
 * scripts/make-test-images) into Airlock and back; digests must not change.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startAirlock, type TestAirlock } from '../helpers/airlock.js';
import { sha256 } from '../helpers/registry-client.js';
import { creds, skopeo, skopeoFailure } from '../helpers/skopeo.js';
import { layoutManifest, withPlatformIndex } from './oci-layout.js';

const layout = path.join(inject('testImagesDir'), 'oci');

describe.each(['sqlite', 'postgres'] as const)('skopeo copy (%s)', (engine) => {
  let airlock: TestAirlock;
  let ci: string[];
  let work: string;
  const remote = (ref: string) => `docker://${airlock.host}/${ref}`;
  const rawManifest = async (ref: string, credentials = ci) => Buffer.from((await skopeo(['inspect', '--raw', '--tls-verify=false', ...credentials, remote(ref)])).stdout);

  beforeAll(async () => {
    airlock = await startAirlock({ engine });
    await airlock.createTeam('acme');
    ci = creds('ci', (await airlock.createToken('acme', 'ci')).token);
    work = await mkdtemp(path.join(tmpdir(), 'airlock-skopeo-'));
  });
  afterAll(async () => {
    await airlock.close();
    await rm(work, { recursive: true, force: true });
  });

  it('pushes a real OCI image and pulls it back with identical digests', async () => {
    const source = await layoutManifest(layout, 'debian');
    await skopeo(['copy', '--dest-tls-verify=false', ...ci.map((a) => a.replace('--creds', '--dest-creds')), `oci:${layout}:debian`, remote('quarantine/acme/debian:12')]);
    expect(sha256(await rawManifest('quarantine/acme/debian:12'))).toBe(source.digest);

    const back = path.join(work, 'back');
    await skopeo(['copy', '--src-tls-verify=false', '--src-creds', ci[1] as string, remote('quarantine/acme/debian:12'), `oci:${back}:debian`]);
    const index = JSON.parse(await readFile(path.join(back, 'index.json'), 'utf8')) as { manifests: Array<{ digest: string }> };
    expect(index.manifests[0]?.digest).toBe(source.digest);
  });

  it('pushes in Docker v2 schema 2 format and pulls the same bytes back', async () => {
    await skopeo(['copy', '--format', 'v2s2', '--dest-tls-verify=false', '--dest-creds', ci[1] as string, `oci:${layout}:debian`, remote('quarantine/acme/debian-v2s2:12')]);
    const pushed = await rawManifest('quarantine/acme/debian-v2s2:12');
    expect(JSON.parse(pushed.toString()).mediaType).toBe('application/vnd.docker.distribution.manifest.v2+json');
    const dir = path.join(work, 'v2s2');
    await skopeo(['copy', '--src-tls-verify=false', '--src-creds', ci[1] as string, remote('quarantine/acme/debian-v2s2:12'), `dir:${dir}`]);
    const pulled = await readFile(path.join(dir, 'manifest.json'));
    expect(sha256(pulled)).toBe(sha256(pushed));
  });

  it('copies a multi-platform index with all its images', async () => {
    const multi = path.join(work, 'multi-layout');
    const indexDigest = await withPlatformIndex(layout, multi, 'multi', [
      { ref: 'debian', architecture: 'amd64' },
      { ref: 'pyapp', architecture: 'arm64' },
    ]);
    await skopeo(['copy', '--all', '--dest-tls-verify=false', '--dest-creds', ci[1] as string, `oci:${multi}:multi`, remote('quarantine/acme/multi:1')]);
    const raw = await rawManifest('quarantine/acme/multi:1');
    expect(sha256(raw)).toBe(indexDigest);
    for (const child of ['debian', 'pyapp']) {
      const { digest } = await layoutManifest(layout, child);
      expect(sha256(await rawManifest(`quarantine/acme/multi@${digest}`))).toBe(digest);
    }
    const arm = await skopeo(['inspect', '--tls-verify=false', '--override-arch', 'arm64', ...ci, remote('quarantine/acme/multi:1')]);
    expect(JSON.parse(arm.stdout).Layers).toEqual([(JSON.parse(await readFile(path.join(layout, 'blobs', 'sha256', (await layoutManifest(layout, 'pyapp')).digest.slice(7)), 'utf8')) as { layers: Array<{ digest: string }> }).layers[0]?.digest]);
    const back = path.join(work, 'multi-back');
    await skopeo(['copy', '--all', '--src-tls-verify=false', '--src-creds', ci[1] as string, remote('quarantine/acme/multi:1'), `oci:${back}:multi`]);
    const index = JSON.parse(await readFile(path.join(back, 'index.json'), 'utf8')) as { manifests: Array<{ digest: string }> };
    expect(index.manifests[0]?.digest).toBe(indexDigest);
  });

  it('serves the promoted image to a puller token with the same digest, and refuses it everything else', async () => {
    const source = await layoutManifest(layout, 'debian');
    await skopeo(['copy', '--dest-tls-verify=false', '--dest-creds', ci[1] as string, `oci:${layout}:debian`, remote('quarantine/acme/api:1.0')]);
    const promoted = await airlock.api<{ target: string; digest: string }>('POST', '/promotions', { source: 'quarantine/acme/api:1.0' });
    expect(promoted.status).toBe(201);
    expect(promoted.body).toMatchObject({ target: 'acme/api:1.0', digest: source.digest });

    const puller = creds('cluster', (await airlock.createToken('acme', 'puller')).token);
    expect(sha256(await rawManifest('acme/api:1.0', puller))).toBe(source.digest);
    expect(await skopeoFailure(['inspect', '--raw', '--tls-verify=false', ...puller, remote('quarantine/acme/api:1.0')])).toMatch(/puller tokens may only pull approved images/);
    const push = await skopeoFailure(['copy', '--dest-tls-verify=false', '--dest-creds', ci[1] as string, `oci:${layout}:pyapp`, remote('acme/api:2.0')]);
    expect(push).toMatch(/approved repository, written only by promotion/);
  });

  it('logs in with skopeo login and uses the stored credentials', async () => {
    const alice = await airlock.createUser('alice', 'developer', [{ team: 'acme', role: 'developer' }]);
    const authFile = path.join(work, 'auth.json');
    await skopeo(['login', '--tls-verify=false', '--authfile', authFile, '-u', alice.username, '-p', alice.password, airlock.host]);
    await skopeo(['copy', '--dest-tls-verify=false', '--authfile', authFile, `oci:${layout}:debian`, remote('quarantine/acme/login:1')]);
    expect(await skopeoFailure(['login', '--tls-verify=false', '--authfile', authFile, '-u', alice.username, '-p', 'wrong-password-123', airlock.host])).toMatch(/invalid username\/password/);
  });
});
