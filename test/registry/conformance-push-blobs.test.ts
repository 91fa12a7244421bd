/**
 * OCI distribution-spec conformance, workflow 2 "Push", part B: every blob push
 * variant of the current suite, for sha256 and sha512 (CHECKLIST.md §2.B
 * "Blob push variants"). After each successful push the blob is read back with
 * HEAD and GET, then deleted, as the suite does.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { expectRegistryError, expectStatus } from '../helpers/registry-assertions.js';
import { EMPTY_BLOB, EMPTY_JSON, EMPTY_JSON_DIGEST, digestOf, withQuery, type DigestAlgorithm } from '../helpers/registry-client.js';
import { useRegistry, type RegistryFixture } from '../helpers/registry-fixture.js';
import { DATABASE_ENGINES } from '../helpers/test-database.js';

const OCTETS = { 'content-type': 'application/octet-stream' };

interface ChunkOptions {
  putLastChunk?: boolean;
  outOfOrder?: boolean;
}

/** The suite's chunked push: chunks of max(size/3+1, 1024) bytes, capped at the size. @returns the final PUT's response. */
async function pushChunked(registry: RegistryFixture, name: string, blob: Buffer, digest: string, options: ChunkOptions): Promise<Response> {
  const { client } = registry;
  const chunkSize = Math.min(Math.max(Math.floor(blob.length / 3) + 1, 1024), blob.length);
  let location = await client.startUpload(name);
  let lastByte = -1;
  const send = (method: string, target: string, start: number, end: number) =>
    client.request(method, method === 'PUT' ? withQuery(target, { digest }) : target, {
      headers: { ...OCTETS, 'content-range': `${start}-${end}` },
      body: blob.subarray(start, end + 1),
    });
  while (lastByte < blob.length - 1) {
    if (options.outOfOrder) {
      let badStart = lastByte + 1 + chunkSize;
      if (badStart >= blob.length) badStart = 0;
      const badEnd = Math.min(badStart + chunkSize - 1, blob.length - 1);
      const bad = await send(options.putLastChunk && badEnd === blob.length - 1 ? 'PUT' : 'PATCH', location, badStart, badEnd);
      await expectStatus(bad, 416);
      location = bad.headers.get('location') ?? location;
      const status = await client.request('GET', location);
      await expectStatus(status, 204);
      expect(status.headers.get('range')).toBe(`0-${Math.max(lastByte, 0)}`);
      location = status.headers.get('location') ?? location;
    }
    const start = lastByte + 1;
    lastByte = Math.min(start + chunkSize - 1, blob.length - 1);
    if (options.putLastChunk && lastByte === blob.length - 1) return send('PUT', location, start, lastByte);
    const response = await send('PATCH', location, start, lastByte);
    await expectStatus(response, 202);
    expect(response.headers.get('range')).toBe(`0-${lastByte}`);
    location = response.headers.get('location') as string;
  }
  return client.request('PUT', withQuery(location, { digest }), { headers: { ...OCTETS, 'content-length': '0' } });
}

type Variant = (registry: RegistryFixture, name: string, blob: Buffer, digest: string) => Promise<Response>;

const variants: Record<string, { size: number; push: Variant }> = {
  'post only': {
    size: 512,
    push: (r, name, blob, digest) => r.client.request('POST', `/v2/${name}/blobs/uploads/?digest=${digest}`, { headers: OCTETS, body: blob }),
  },
  'post+put': { size: 512, push: (r, name, blob, digest) => r.client.putBlob(name, blob, digest) },
  stream: {
    size: 512,
    push: async (r, name, blob, digest) => {
      const patch = await r.client.request('PATCH', await r.client.startUpload(name), { headers: OCTETS, body: blob });
      await expectStatus(patch, 202);
      return r.client.request('PUT', withQuery(patch.headers.get('location') as string, { digest }), { headers: { 'content-length': '0' } });
    },
  },
  'chunked single': { size: 512, push: (r, name, blob, digest) => pushChunked(r, name, blob, digest, {}) },
  'chunked multi': { size: 3000, push: (r, name, blob, digest) => pushChunked(r, name, blob, digest, {}) },
  'chunked multi and put chunk': { size: 3000, push: (r, name, blob, digest) => pushChunked(r, name, blob, digest, { putLastChunk: true }) },
  'chunked out-of-order': { size: 3000, push: (r, name, blob, digest) => pushChunked(r, name, blob, digest, { outOfOrder: true }) },
  'chunked out-of-order and put chunk': { size: 3000, push: (r, name, blob, digest) => pushChunked(r, name, blob, digest, { outOfOrder: true, putLastChunk: true }) },
};

describe.each(DATABASE_ENGINES)('OCI conformance: blob push variants (%s)', (engine) => {
  const registry = useRegistry(engine);

  describe.each(['sha256', 'sha512'] as const)('%s', (algorithm: DigestAlgorithm) => {
    const name = registry.repo(`blobs-${algorithm}`);
    const blobUrl = (repository: string, digest: string) => `/v2/${repository}/blobs/${digest}`;

    /** HEAD and GET the pushed blob, then DELETE it → 202 and HEAD → 404. */
    async function verifyThenDelete(repository: string, blob: Buffer, digest: string, created: Response) {
      await expectStatus(created, 201);
      expect(created.headers.get('location')).toBe(blobUrl(repository, digest));
      expect(created.headers.get('docker-content-digest')).toBe(digest);
      const head = await registry.client.request('HEAD', blobUrl(repository, digest));
      expect((await expectStatus(head, 200)).length).toBe(0);
      expect(head.headers.get('content-length')).toBe(String(blob.length));
      const get = await registry.client.request('GET', created.headers.get('location') as string);
      expect((await expectStatus(get, 200)).equals(blob)).toBe(true);
      expect(get.headers.get('docker-content-digest')).toBe(digest);
      await expectStatus(await registry.client.request('DELETE', blobUrl(repository, digest)), 202);
      await expectRegistryError(await registry.client.request('HEAD', blobUrl(repository, digest)), 404, 'BLOB_UNKNOWN', 'HEAD');
    }

    it.each(Object.entries(variants))('%s → 201, then HEAD, GET and DELETE', async (_variant, { size, push }) => {
      const blob = randomBytes(size);
      const digest = digestOf(blob, algorithm);
      await verifyThenDelete(name, blob, digest, await push(registry, name, blob, digest));
    });

    it.each(Object.entries(variants))('%s with a body that does not match the digest → 400 DIGEST_INVALID, nothing stored', async (_variant, { size, push }) => {
      const blob = randomBytes(size);
      const digest = digestOf(blob, algorithm);
      const altered = Buffer.from(blob);
      altered[0] = (altered[0] as number) ^ 0xff;
      await expectRegistryError(await push(registry, name, altered, digest), 400, 'DIGEST_INVALID');
      for (const stored of [digest, digestOf(altered, algorithm)]) {
        await expectRegistryError(await registry.client.request('HEAD', blobUrl(name, stored)), 404, 'BLOB_UNKNOWN', 'HEAD');
      }
    });

    it('post cancel: POST → 202, DELETE <location> → 204, the session is gone (404 BLOB_UPLOAD_UNKNOWN)', async () => {
      const location = await registry.client.startUpload(name);
      await expectStatus(await registry.client.request('PATCH', location, { headers: OCTETS, body: randomBytes(100) }), 202);
      await expectStatus(await registry.client.request('DELETE', location), 204);
      await expectRegistryError(await registry.client.request('GET', location), 404, 'BLOB_UPLOAD_UNKNOWN');
      await expectRegistryError(await registry.client.request('PATCH', location, { headers: OCTETS, body: randomBytes(10) }), 404, 'BLOB_UPLOAD_UNKNOWN');
    });

    it('mount with from → 201 and the same bytes under the target repository', async () => {
      const blob = randomBytes(512);
      const source = registry.repo(`mount-source-${algorithm}`);
      const digest = await registry.client.pushBlob(source, blob, algorithm);
      const target = registry.repo(`mount-from-${algorithm}`);
      await verifyThenDelete(target, blob, digest, await registry.client.request('POST', `/v2/${target}/blobs/uploads/?mount=${digest}&from=${source}`));
      // Deleting the mounted link leaves the source repository's blob alone.
      await expectStatus(await registry.client.request('HEAD', blobUrl(source, digest)), 200);
    });

    it('mount anonymous (no from) → 201', async () => {
      const blob = randomBytes(512);
      const digest = await registry.client.pushBlob(registry.repo(`anon-source-${algorithm}`), blob, algorithm);
      const target = registry.repo(`mount-anon-${algorithm}`);
      await verifyThenDelete(target, blob, digest, await registry.client.request('POST', `/v2/${target}/blobs/uploads/?mount=${digest}`));
    });

    it('mount missing: a blob absent from the source → 202 with an upload session, never 201', async () => {
      const digest = digestOf(randomBytes(512), algorithm);
      const target = registry.repo(`mount-missing-${algorithm}`);
      const response = await registry.client.request('POST', `/v2/${target}/blobs/uploads/?mount=${digest}&from=${name}`);
      await expectStatus(response, 202);
      expect(response.headers.get('location')).toMatch(new RegExp(`^/v2/${target}/blobs/uploads/[^/?]+`));
      await expectRegistryError(await registry.client.request('HEAD', blobUrl(target, digest)), 404, 'BLOB_UNKNOWN', 'HEAD');
    });

    it.each([
      ['zero-byte blob', EMPTY_BLOB, 'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
      ['empty JSON {}', EMPTY_JSON, EMPTY_JSON_DIGEST],
    ])('well-known %s: push, HEAD, GET, DELETE like any other blob', async (_label, blob, sha256Digest) => {
      const digest = digestOf(blob, algorithm);
      if (algorithm === 'sha256') expect(digest).toBe(sha256Digest);
      await verifyThenDelete(name, blob, digest, await registry.client.request('POST', `/v2/${name}/blobs/uploads/?digest=${digest}`, { headers: OCTETS, body: blob }));
      await verifyThenDelete(name, blob, digest, await registry.client.putBlob(name, blob, digest));
    });
  });
});
