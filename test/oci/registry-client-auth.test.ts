/**
 * The registry client's credentials against real upstreams: Basic (as Amazon
 * ECR asks for it) and a bearer token given directly, through a proxy standing
 * in for the registry with a second one standing in for a CDN it redirects
 * blobs to; and the Docker token flow against docker-registry (distribution
 * 2.8) configured for token auth. Credentials must reach the registry and its
 * token realm only, and never appear in an error.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { RegistryClient, RegistryClientError, type RegistryClientOptions } from '../../src/oci/registry-client/index.js';
import { pushTestImage, startDockerRegistry, type DockerRegistry } from '../helpers/docker-registry.js';
import { startFlakyProxy, type FlakyProxy } from '../helpers/flaky-proxy.js';
import { rejection } from '../helpers/thrown.js';

const layout = path.join(inject('testImagesDir'), 'oci');
const REPOSITORY = 'library/debian';

let registry: DockerRegistry;
let proxy: FlakyProxy;
let manifestDigest: string;
let config: { digest: string };

beforeAll(async () => {
  registry = await startDockerRegistry();
  await pushTestImage(registry, layout, 'debian', `${REPOSITORY}:12`);
  const top = await new RegistryClient({ host: registry.host, insecure: true }).manifest(REPOSITORY, '12');
  manifestDigest = top.digest;
  config = (JSON.parse(top.content.toString('utf8')) as { config: { digest: string } }).config;
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

const isBlob = (digest: string) => ({ path: p }: { path: string }) => p.endsWith(`/blobs/${digest}`);

/** Copies a blob into a hashing sink; returns the digest of what arrived. */
async function copiedDigest(upstream: RegistryClient, digest: string): Promise<string> {
  const hash = createHash('sha256');
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      callback();
    },
  });
  await upstream.copyBlob(REPOSITORY, digest, sink);
  return `sha256:${hash.digest('hex')}`;
}

describe('a bearer token given directly', () => {
  it('sends a bearer token to the registry origin only, never to where it redirects blobs', async () => {
    const cdn = await startFlakyProxy(registry.url);
    try {
      proxy.redirect({ match: isBlob(config.digest), origin: cdn.url });
      expect(await copiedDigest(client({ credentials: { token: 'registry-token-123' } }), config.digest)).toBe(config.digest);
      expect(proxy.requests[0]).toMatchObject({ outcome: 'redirected', authorization: 'Bearer registry-token-123' });
      expect(cdn.requests).toHaveLength(1);
      expect(cdn.requests[0]?.authorization).toBeUndefined();
    } finally {
      await cdn.stop();
    }
  });
});

describe('Basic auth, as Amazon ECR asks for it', () => {
  // ECR: username AWS, password the output of `aws ecr get-login-password`.
  const ecr = { username: 'AWS', password: 'eyJwYXlsb2FkIjoiZWNyLXRva2VuIn0=' };

  it('answers the Basic challenge with the credentials, to the registry origin only', async () => {
    proxy.requireBasic(ecr);
    const cdn = await startFlakyProxy(registry.url);
    try {
      proxy.redirect({ match: isBlob(config.digest), origin: cdn.url });
      const upstream = client({ credentials: ecr });
      expect((await upstream.manifest(REPOSITORY, '12')).digest).toBe(manifestDigest);
      expect(await copiedDigest(upstream, config.digest)).toBe(config.digest);
      expect(proxy.requests.map((request) => request.outcome)).toEqual(['unauthorized', 'forwarded', 'redirected']);
      expect(cdn.requests.map((request) => request.authorization)).toEqual([undefined]);
    } finally {
      await cdn.stop();
    }
  });

  it('refuses wrong or missing credentials with UPSTREAM_UNAUTHORIZED, without the password in the message', async () => {
    proxy.requireBasic(ecr);
    const wrong = await rejection(RegistryClientError, client({ credentials: { username: 'AWS', password: 'expired-token' } }).manifest(REPOSITORY, '12'));
    expect(wrong.code).toBe('UPSTREAM_UNAUTHORIZED');
    expect(wrong.message).toContain(proxy.host);
    expect(wrong.message).not.toContain('expired-token');
    expect((await rejection(RegistryClientError, client().manifest(REPOSITORY, '12'))).code).toBe('UPSTREAM_UNAUTHORIZED');
  });

  it('does not answer a challenge from where the registry redirected to', async () => {
    proxy.requireBasic(ecr);
    const cdn = await startFlakyProxy(registry.url);
    try {
      cdn.requireBasic({ username: 'cdn', password: 'cdn' });
      proxy.redirect({ match: isBlob(config.digest), origin: cdn.url, times: 5 });
      const error = await rejection(RegistryClientError, client({ credentials: ecr }).blob(REPOSITORY, config.digest));
      expect(error.code).toBe('UPSTREAM_UNAUTHORIZED');
      expect(cdn.requests.length).toBeGreaterThan(0);
      expect(cdn.requests.filter((request) => request.authorization !== undefined)).toEqual([]);
    } finally {
      await cdn.stop();
    }
  });
});

describe('the Docker token flow against a registry that requires it', () => {
  let secured: DockerRegistry;
  const credentials = { username: 'alice', password: 'correct-horse-battery' };

  beforeAll(async () => {
    secured = await startDockerRegistry({ auth: credentials });
    await pushTestImage(secured, layout, 'debian', `${REPOSITORY}:12`, credentials);
  }, 120_000);
  afterAll(() => secured?.stop());

  it('pulls with a token obtained from the announced realm', async () => {
    const upstream = new RegistryClient({ host: secured.host, insecure: true, credentials });
    const top = await upstream.manifest(REPOSITORY, '12');
    expect(top.digest).toBe(manifestDigest);
    expect(await copiedDigest(upstream, config.digest)).toBe(config.digest);
    expect(await upstream.tags(REPOSITORY)).toEqual(['12']);
    const pulls = secured.tokenRealm?.requests.filter((request) => request.scopes.includes(`repository:${REPOSITORY}:pull`)) ?? [];
    // One token serves the manifest, the blob and the tag list.
    expect(pulls).toEqual([{ scopes: [`repository:${REPOSITORY}:pull`], username: 'alice', granted: true }]);
  });

  it('answers wrong or missing credentials with UPSTREAM_UNAUTHORIZED, never echoing the password', async () => {
    const wrong = await rejection(RegistryClientError, new RegistryClient({ host: secured.host, insecure: true, credentials: { username: 'alice', password: 'not-the-password' } }).manifest(REPOSITORY, '12'));
    expect(wrong.code).toBe('UPSTREAM_UNAUTHORIZED');
    expect(wrong.message).toContain(secured.host);
    expect(wrong.message).toContain('alice');
    expect(`${wrong.message} ${JSON.stringify(wrong.detail)}`).not.toContain('not-the-password');
    const anonymous = await rejection(RegistryClientError, new RegistryClient({ host: secured.host, insecure: true }).manifest(REPOSITORY, '12'));
    expect(anonymous.code).toBe('UPSTREAM_UNAUTHORIZED');
    const badToken = await rejection(RegistryClientError, new RegistryClient({ host: secured.host, insecure: true, credentials: { token: 'forged' } }).manifest(REPOSITORY, '12'));
    expect(badToken.code).toBe('UPSTREAM_UNAUTHORIZED');
    expect(badToken.message).not.toContain('forged');
  });
});
