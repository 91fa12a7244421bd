/** Every way `airlock scan` can be given an image, on the real test images. */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ScanTargetError, openTarget, type ImageSource } from '../../src/scan/image/index.js';
import { ADMIN, startAirlock, type TestAirlock } from '../helpers/airlock.js';
import { skopeo } from '../helpers/skopeo.js';
import { layoutManifest, withPlatformIndex } from '../skopeo/oci-layout.js';
import { rejection } from '../helpers/thrown.js';

const layout = path.join(inject('testImagesDir'), 'oci');
let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'airlock-sources-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

async function layerDigest(source: ImageSource, index: number): Promise<string> {
  const layer = source.layers[index];
  if (!layer) throw new Error('no such layer');
  const hash = createHash('sha256');
  for await (const chunk of await layer.open()) hash.update(chunk as Buffer);
  return `sha256:${hash.digest('hex')}`;
}


describe('oci: layouts', () => {
  it('opens a named image with its config and verifiable layers', async () => {
    const source = await openTarget(`oci:${layout}:debian`);
    expect(source.digest).toBe((await layoutManifest(layout, 'debian')).digest);
    expect(source.platform).toBe('linux/amd64');
    expect(source.layers).toHaveLength(1);
    expect(await layerDigest(source, 0)).toBe(source.layers[0]?.digest);
  });

  it('says which images a layout holds when none or a wrong one is named', async () => {
    expect((await rejection(ScanTargetError, openTarget(`oci:${layout}`))).message).toMatch(/holds \d+ images \(debian, pyapp, nodeapp, goapp.*name one/);
    expect((await rejection(ScanTargetError, openTarget(`oci:${layout}:nope`))).code).toBe('TARGET_NOT_FOUND');
    expect((await rejection(ScanTargetError, openTarget('oci:/no/such/dir'))).code).toBe('TARGET_NOT_FOUND');
  });

  it('picks the platform from an index, and names the available ones when it is missing', async () => {
    const multi = path.join(work, 'multi');
    await withPlatformIndex(layout, multi, 'multi', [
      { ref: 'debian', architecture: 'amd64' },
      { ref: 'pyapp', architecture: 'arm64' },
    ]);
    const arm = await openTarget(`oci:${multi}:multi`, { platform: { os: 'linux', architecture: 'arm64' } });
    expect(arm.digest).toBe((await layoutManifest(layout, 'pyapp')).digest);
    const missing = await rejection(ScanTargetError, openTarget(`oci:${multi}:multi`, { platform: { os: 'linux', architecture: 's390x' } }));
    expect(missing.code).toBe('PLATFORM_NOT_FOUND');
    expect(missing.message).toContain('available: linux/amd64, linux/arm64');
  });

  it('refuses a broken layout clearly', async () => {
    const broken = path.join(work, 'broken');
    await mkdir(broken);
    await writeFile(path.join(broken, 'index.json'), '{"manifests": [');
    expect((await rejection(ScanTargetError, openTarget(`oci:${broken}`))).code).toBe('TARGET_INVALID');
  });
});

describe('docker-archive: files', () => {
  it('opens what docker save writes, keyed by diff IDs', async () => {
    const archive = path.join(work, 'debian.tar');
    await skopeo(['copy', `oci:${layout}:debian`, `docker-archive:${archive}:example.com/debian:12`]);
    const source = await openTarget(`docker-archive:${archive}`);
    const tagged = await openTarget(`docker-archive:${archive}:example.com/debian:12`);
    expect(tagged.layers.map((l) => l.digest)).toEqual(source.layers.map((l) => l.digest));
    // docker save stores layers uncompressed, so the bytes hash to the diff ID.
    expect(await layerDigest(source, 0)).toBe(source.layers[0]?.digest);
    expect((await rejection(ScanTargetError, openTarget(`docker-archive:${archive}:other:1`))).message).toContain('example.com/debian:12');
  });
});

describe('registries', () => {
  let airlock: TestAirlock;
  beforeAll(async () => {
    airlock = await startAirlock();
    await airlock.createTeam('acme');
    await skopeo(['copy', '--dest-tls-verify=false', '--dest-creds', `${ADMIN.username}:${ADMIN.password}`, `oci:${layout}:debian`, `docker://${airlock.host}/quarantine/acme/debian:12`]);
  });
  afterAll(() => airlock.close());

  it('reads an image from Airlock through the token flow, verifying layer digests', async () => {
    const source = await openTarget(`${airlock.host}/quarantine/acme/debian:12`, { credentials: ADMIN });
    expect(source.digest).toBe((await layoutManifest(layout, 'debian')).digest);
    expect(await layerDigest(source, 0)).toBe(source.layers[0]?.digest);
  });

  it('reports missing images, wrong credentials and unreachable registries by code', async () => {
    expect((await rejection(ScanTargetError, openTarget(`${airlock.host}/quarantine/acme/debian:13`, { credentials: ADMIN }))).code).toBe('TARGET_NOT_FOUND');
    expect((await rejection(ScanTargetError, openTarget(`${airlock.host}/quarantine/acme/debian:12`, { credentials: { username: 'admin', password: 'wrong-password-99' } }))).code).toBe('TARGET_UNAUTHORIZED');
    expect((await rejection(ScanTargetError, openTarget(`${airlock.host}/quarantine/acme/debian:12`))).code).toBe('TARGET_UNAUTHORIZED');
    expect((await rejection(ScanTargetError, openTarget('127.0.0.1:9/x/y:1'))).code).toBe('TARGET_UNREACHABLE');
    expect((await rejection(ScanTargetError, openTarget('Not A Reference!'))).code).toBe('TARGET_INVALID');
  });
});
