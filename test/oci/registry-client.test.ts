/**
 * The registry client against a real upstream (Debian's docker-registry, CNCF
 * distribution 2.8) seeded by skopeo with the real test images, reached
 * through a proxy that throttles, announces quotas, drops connections and
 * flips bytes on request. Credentials: registry-client-auth.test.ts.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { RegistryClient, RegistryClientError, selectPlatforms, type RegistryClientOptions, type RegistryWaitInfo } from '../../src/oci/registry-client/index.js';
import { pushTestImage, startDockerRegistry, type DockerRegistry } from '../helpers/docker-registry.js';
import { startFlakyProxy, type FlakyProxy } from '../helpers/flaky-proxy.js';
import { rejection } from '../helpers/thrown.js';

const layout = path.join(inject('testImagesDir'), 'oci');
const REPOSITORY = 'library/debian';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';

interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
}

let registry: DockerRegistry;
let proxy: FlakyProxy;
let manifestDigest: string;
let config: Descriptor;
let layer: Descriptor;

beforeAll(async () => {
  registry = await startDockerRegistry();
  await pushTestImage(registry, layout, 'debian', `${REPOSITORY}:12`);
  await pushTestImage(registry, layout, 'goapp', `${REPOSITORY}:goapp`);
  const direct = new RegistryClient({ host: registry.host, insecure: true });
  const top = await direct.manifest(REPOSITORY, '12');
  manifestDigest = top.digest;
  const manifest = JSON.parse(top.content.toString('utf8')) as { config: Descriptor; layers: Descriptor[] };
  config = manifest.config;
  layer = manifest.layers[0] as Descriptor;
  // More tags, so the tag list spans pages.
  for (const tag of ['12.1', '12.2', 'bookworm', 'latest']) await putManifest(tag, top.content, top.mediaType);
  proxy = await startFlakyProxy(registry.url);
}, 120_000);

afterAll(async () => {
  await proxy?.stop();
  await registry?.stop();
});

beforeEach(() => proxy.reset());

function client(options: Partial<RegistryClientOptions> = {}): RegistryClient {
  return new RegistryClient({ host: proxy.host, insecure: true, maxRetryDelayMs: 5_000, ...options });
}

async function putManifest(reference: string, content: Buffer, mediaType: string): Promise<void> {
  const response = await fetch(`${registry.url}/v2/${REPOSITORY}/manifests/${reference}`, { method: 'PUT', headers: { 'content-type': mediaType }, body: content });
  expect(response.status).toBe(201);
}

/** A sink that hashes what it is given, as a store verifying on commit would. */
function hashingSink(): { sink: Writable; result: () => { digest: string; size: number; finished: boolean } } {
  const hash = createHash('sha256');
  let size = 0;
  let finished = false;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      size += chunk.length;
      callback();
    },
    final(callback) {
      finished = true;
      callback();
    },
  });
  return { sink, result: () => ({ digest: finished ? `sha256:${hash.copy().digest('hex')}` : 'unfinished', size, finished }) };
}

const isManifest = ({ path: p }: { path: string }) => p.includes('/manifests/');
const isBlob = (digest: string) => ({ path: p }: { path: string }) => p.endsWith(`/blobs/${digest}`);

describe('tags', () => {
  it('follows Link pagination to every tag', async () => {
    // distribution 2.8 lists every tag at once; the proxy pages them as Docker Hub does.
    proxy.paginateTags(100);
    const tags = await client().tags(REPOSITORY, { pageSize: 2 });
    expect([...tags].sort()).toEqual(['12', '12.1', '12.2', 'bookworm', 'goapp', 'latest']);
    const pages = proxy.requests.filter((request) => request.path.includes('/tags/list'));
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(pages[1]?.path).toContain('last=');
  });

  it('refuses more tags than maxTags with a code of its own, and an unknown repository with NOT_FOUND', async () => {
    proxy.paginateTags(2);
    const tooMany = await rejection(RegistryClientError, client({ maxTags: 3 }).tags(REPOSITORY, { pageSize: 2 }));
    expect(tooMany.code).toBe('UPSTREAM_TOO_LARGE');
    expect(tooMany.message).toContain(`${REPOSITORY} on ${proxy.host}`);
    const unknown = await rejection(RegistryClientError, client().tags('library/nothing-here'));
    expect(unknown.code).toBe('UPSTREAM_NOT_FOUND');
    expect(unknown.message).toContain('library/nothing-here');
  });
});

describe('pulling through a misbehaving network', () => {
  it('gets the manifest and every blob, verified, through 429s and dropped connections, honouring Retry-After', async () => {
    proxy.throttle({ match: isManifest, retryAfter: '1' });
    proxy.drop({ match: isManifest, afterBytes: 0 });
    proxy.drop({ match: isBlob(config.digest), afterBytes: 100 });
    proxy.throttle({ match: isBlob(layer.digest) });
    proxy.drop({ match: isBlob(layer.digest), afterBytes: 1_000_000 });
    proxy.drop({ match: isBlob(layer.digest), afterBytes: 5_000_000 });
    const waits: RegistryWaitInfo[] = [];
    const upstream = client({ onWait: (info) => waits.push(info) });

    const started = Date.now();
    const top = await upstream.manifest(REPOSITORY, '12');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(top.digest).toBe(manifestDigest);
    for (const descriptor of [config, layer]) {
      const { sink, result } = hashingSink();
      await upstream.copyBlob(REPOSITORY, descriptor.digest, sink, { size: descriptor.size });
      expect(result()).toEqual({ digest: descriptor.digest, size: descriptor.size, finished: true });
    }

    const manifests = proxy.requests.filter(isManifest);
    expect(manifests.map((request) => request.outcome)).toEqual(['throttled', 'dropped', 'forwarded']);
    expect((manifests[1]?.at ?? 0) - (manifests[0]?.at ?? 0)).toBeGreaterThanOrEqual(1000);
    expect(waits).toContainEqual({ reason: 'rate-limit', ms: expect.any(Number), status: 429 });
    expect(waits.find((wait) => wait.status === 429 && wait.ms > 900)).toBeDefined();
    // A dropped body is resumed from the first byte not yet delivered, never fetched from the start again.
    expect(proxy.requests.filter(isBlob(config.digest)).map((request) => request.range)).toEqual([undefined, 'bytes=100-']);
    expect(proxy.requests.filter(isBlob(layer.digest)).map((request) => [request.outcome, request.range])).toEqual([
      ['throttled', undefined],
      ['dropped', undefined],
      ['dropped', 'bytes=1000000-'],
      ['forwarded', 'bytes=6000000-'],
    ]);
  });

  it('resumes from a registry that ignores Range by skipping what it already delivered', async () => {
    proxy.drop({ match: isBlob(layer.digest), afterBytes: 3_000_000 });
    proxy.ignoreRange({ match: isBlob(layer.digest) });
    const { sink, result } = hashingSink();
    await client().copyBlob(REPOSITORY, layer.digest, sink);
    expect(result()).toEqual({ digest: layer.digest, size: layer.size, finished: true });
    expect(proxy.requests.filter(isBlob(layer.digest)).map((request) => request.range)).toEqual([undefined, 'bytes=3000000-']);
  });

  it('gives up with UPSTREAM_UNREACHABLE when the connection keeps dropping', async () => {
    proxy.drop({ match: isBlob(config.digest), afterBytes: 0, times: 10 });
    const error = await rejection(RegistryClientError, client({ maxAttempts: 3 }).blob(REPOSITORY, config.digest));
    expect(error.code).toBe('UPSTREAM_UNREACHABLE');
    expect(error.message).toContain(`${REPOSITORY}@${config.digest}`);
    expect(proxy.requests).toHaveLength(3);
  });

  it('refuses a blob or manifest whose bytes were changed on the way, and never ends the sink', async () => {
    proxy.tamper({ match: isBlob(layer.digest) });
    const { sink, result } = hashingSink();
    const error = await rejection(RegistryClientError, client().copyBlob(REPOSITORY, layer.digest, sink));
    expect(error.code).toBe('UPSTREAM_INVALID');
    expect(error.message).toContain(layer.digest);
    expect(result().finished).toBe(false);
    expect(sink.destroyed).toBe(true);

    proxy.tamper({ match: isManifest });
    expect((await rejection(RegistryClientError, client().manifest(REPOSITORY, manifestDigest))).code).toBe('UPSTREAM_INVALID');
  });

  it('names host and repository when there is nothing there', async () => {
    const manifest = await rejection(RegistryClientError, client().manifest('library/nothing-here', '1'));
    expect(manifest.code).toBe('UPSTREAM_NOT_FOUND');
    expect(manifest.message).toContain(proxy.host);
    expect(manifest.message).toContain('library/nothing-here:1');
    const blob = await rejection(RegistryClientError, client().blob(REPOSITORY, `sha256:${'0'.repeat(64)}`));
    expect(blob.code).toBe('UPSTREAM_NOT_FOUND');
  });
});

describe('rate limits', () => {
  it('fails fast once the Docker Hub quota is spent, without sending more manifest requests (blobs still go)', async () => {
    proxy.respondWith({ 'RateLimit-Limit': '100;w=21600', 'RateLimit-Remaining': '0;w=21600' }, isManifest);
    const upstream = client();
    await upstream.manifest(REPOSITORY, '12');
    expect(upstream.rateLimit()).toEqual({ limit: 100, remaining: 0, windowSeconds: 21600 });
    const before = proxy.requests.length;
    const error = await rejection(RegistryClientError, upstream.manifest(REPOSITORY, 'latest'));
    expect(error.code).toBe('UPSTREAM_RATE_LIMITED');
    expect(Date.parse(error.detail?.retryAt ?? '') - Date.now()).toBeGreaterThan(21_000_000);
    expect(error.message).toContain('retry after');
    expect(proxy.requests).toHaveLength(before);
    // Docker Hub counts manifest pulls only: the blobs of a manifest already fetched may still come.
    const { sink } = hashingSink();
    await upstream.copyBlob(REPOSITORY, config.digest, sink);
    expect(proxy.requests).toHaveLength(before + 1);
  });

  it('waits for a spent quota that resets within maxRetryDelayMs, then goes on', async () => {
    proxy.respondWith({ 'RateLimit-Limit': '10', 'RateLimit-Remaining': '0', 'RateLimit-Reset': '1' }, isManifest);
    const waits: RegistryWaitInfo[] = [];
    const upstream = client({ onWait: (info) => waits.push(info) });
    await upstream.manifest(REPOSITORY, '12');
    await upstream.manifest(REPOSITORY, 'latest');
    const [first, second] = proxy.requests;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(1000);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toMatchObject({ reason: 'rate-limit' });
    expect(waits[0]?.ms).toBeGreaterThan(900);
  });

  it('fails fast on a Retry-After beyond maxRetryDelayMs, saying when, and holds back further requests', async () => {
    proxy.throttle({ retryAfter: '3600' });
    const upstream = client();
    const error = await rejection(RegistryClientError, upstream.manifest(REPOSITORY, '12'));
    expect(error.code).toBe('UPSTREAM_RATE_LIMITED');
    expect(Date.parse(error.detail?.retryAt ?? '') - Date.now()).toBeGreaterThan(3_500_000);
    expect((await rejection(RegistryClientError, upstream.blob(REPOSITORY, config.digest))).code).toBe('UPSTREAM_RATE_LIMITED');
    expect(proxy.requests).toHaveLength(1);
  });
});

describe('concurrency and platforms', () => {
  it('keeps at most `concurrency` requests in flight; a blob stream holds its slot until destroyed', async () => {
    const upstream = client({ concurrency: 2 });
    const streams = [await upstream.blob(REPOSITORY, layer.digest), await upstream.blob(REPOSITORY, layer.digest)];
    let done = false;
    const pending = upstream.manifest(REPOSITORY, '12').then(() => (done = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(done).toBe(false);
    expect(proxy.requests.filter(isManifest)).toHaveLength(0);
    streams[0]?.destroy();
    await pending;
    expect(proxy.requests.filter(isManifest)).toHaveLength(1);
    streams[1]?.destroy();
  });

  it('selects platforms of a real multi-platform index and fetches the chosen manifest verified', async () => {
    const upstream = client();
    const debian = await upstream.manifest(REPOSITORY, '12');
    const goapp = await upstream.manifest(REPOSITORY, 'goapp');
    const index = {
      schemaVersion: 2,
      mediaType: OCI_INDEX,
      manifests: [
        { mediaType: debian.mediaType, digest: debian.digest, size: debian.content.length, platform: { os: 'linux', architecture: 'amd64' } },
        { mediaType: goapp.mediaType, digest: goapp.digest, size: goapp.content.length, platform: { os: 'linux', architecture: 'arm64' } },
      ],
    };
    await putManifest('multi', Buffer.from(JSON.stringify(index)), OCI_INDEX);
    const fetched = await upstream.manifest(REPOSITORY, 'multi');
    expect(fetched.mediaType).toBe(OCI_INDEX);
    const [chosen] = selectPlatforms(fetched, ['linux/arm64/v8']);
    expect(chosen?.digest).toBe(goapp.digest);
    expect((await upstream.manifest(REPOSITORY, chosen?.digest ?? '')).content.equals(goapp.content)).toBe(true);
    expect((await rejection(RegistryClientError, Promise.resolve().then(() => selectPlatforms(fetched, ['linux/s390x'])))).code).toBe('PLATFORM_NOT_FOUND');
  });
});
