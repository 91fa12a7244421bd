import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { digestOf } from '../digest.js';
import { parseManifest } from '../manifest.js';
import { MediaType } from '../media-types.js';
import { thrown } from '../../../test/helpers/thrown.js';
import { RegistryClientError } from './registry-client-error.js';
import { parsePlatform, selectPlatforms } from './platform-selection.js';

/** Real indices from src/oci/fixtures (SOURCE.md there says how they were made): linux/amd64 and linux/arm64/v8. */
const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url));
const ociIndex = { content: fixture('oci-index.json'), mediaType: MediaType.ociIndex, digest: digestOf(fixture('oci-index.json')) };
const dockerList = { content: fixture('docker-manifest-list.json'), mediaType: MediaType.dockerManifestList };

/** An index as multi-arch images on Docker Hub publish them, with a buildx attestation entry. */
const entry = (name: string, platform: Record<string, string>, annotations?: Record<string, string>) => ({
  mediaType: MediaType.ociManifest,
  digest: digestOf(Buffer.from(name)),
  size: 500,
  platform,
  ...(annotations ? { annotations } : {}),
});
const multiArch = Buffer.from(
  JSON.stringify({
    schemaVersion: 2,
    mediaType: MediaType.ociIndex,
    manifests: [
      entry('amd64', { os: 'linux', architecture: 'amd64' }),
      entry('arm-v6', { os: 'linux', architecture: 'arm', variant: 'v6' }),
      entry('arm-v7', { os: 'linux', architecture: 'arm', variant: 'v7' }),
      entry('arm64', { os: 'linux', architecture: 'arm64' }),
      entry('ppc64le', { os: 'linux', architecture: 'ppc64le' }),
      entry('attestation', { os: 'unknown', architecture: 'unknown' }, { 'vnd.docker.reference.type': 'attestation-manifest' }),
    ],
  }),
);
const digestOfEntry = (name: string) => digestOf(Buffer.from(name));

describe('selectPlatforms', () => {
  it('picks the requested entries of a real OCI index and Docker manifest list, in index order', () => {
    const [amd64, arm64] = parseManifest(ociIndex.content, ociIndex.mediaType).manifests;
    expect(selectPlatforms(ociIndex, ['linux/arm64/v8', 'linux/amd64'])).toEqual([amd64, arm64]);
    expect(selectPlatforms(dockerList, ['linux/amd64']).map((d) => d.digest)).toEqual(['sha256:9012e71227c0ab6a07c86eac189dedc2a9d1266056cfa4dab3c413ea016ebb76']);
  });

  it('treats arm64 without a variant as arm64/v8, on either side', () => {
    expect(selectPlatforms(ociIndex, ['linux/arm64']).map((d) => d.platform?.variant)).toEqual(['v8']);
    const parsed = parseManifest(multiArch, MediaType.ociIndex);
    expect(selectPlatforms(parsed, ['linux/arm64/v8']).map((d) => d.digest)).toEqual([digestOfEntry('arm64')]);
    expect(selectPlatforms(parsed, ['linux/aarch64']).map((d) => d.digest)).toEqual([digestOfEntry('arm64')]);
  });

  it('matches every variant when none is asked for, and exactly one when it is', () => {
    const parsed = parseManifest(multiArch, MediaType.ociIndex);
    expect(selectPlatforms(parsed, ['linux/arm']).map((d) => d.digest)).toEqual([digestOfEntry('arm-v6'), digestOfEntry('arm-v7')]);
    expect(selectPlatforms(parsed.manifests, ['linux/arm/v7', 'linux/arm/v7', 'linux/x86_64']).map((d) => d.digest)).toEqual([digestOfEntry('amd64'), digestOfEntry('arm-v7')]);
  });

  it('names the missing and the available platforms in a typed error', () => {
    const error = thrown(RegistryClientError, () => selectPlatforms(ociIndex, ['linux/amd64', 'linux/s390x', 'windows/amd64']));
    expect(error.code).toBe('PLATFORM_NOT_FOUND');
    expect(error.detail).toEqual({ missing: ['linux/s390x', 'windows/amd64'], available: ['linux/amd64', 'linux/arm64/v8'] });
    expect(error.message).toContain(ociIndex.digest);
    expect(thrown(RegistryClientError, () => selectPlatforms(parseManifest(multiArch, MediaType.ociIndex), ['linux/arm/v5'])).message).toContain('linux/arm/v6, linux/arm/v7');
  });

  it('refuses a single image manifest, content that is not a manifest, and malformed platforms', () => {
    const image = { content: fixture('oci-manifest-debian.json'), mediaType: MediaType.ociManifest };
    expect(thrown(RegistryClientError, () => selectPlatforms(image, ['linux/amd64'])).code).toBe('PLATFORM_NOT_FOUND');
    expect(thrown(RegistryClientError, () => selectPlatforms({ content: Buffer.from('<html>'), mediaType: MediaType.ociIndex }, ['linux/amd64'])).code).toBe('UPSTREAM_INVALID');
    for (const bad of ['linux', 'linux/', '/amd64', 'linux/arm/v7/x', 'linux/arm/']) {
      expect(thrown(RegistryClientError, () => selectPlatforms(ociIndex, [bad])).code).toBe('PLATFORM_INVALID');
    }
  });
});

describe('parsePlatform', () => {
  it('reads os/arch[/variant]', () => {
    expect(parsePlatform('linux/arm64/v8')).toEqual({ os: 'linux', architecture: 'arm64', variant: 'v8' });
    expect(parsePlatform('Linux/AMD64')).toEqual({ os: 'linux', architecture: 'amd64' });
  });
});
