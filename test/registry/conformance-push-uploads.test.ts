/**
 * OCI distribution-spec conformance, workflow 2 "Push", part A: blob uploads
 * (streamed, monolithic, chunked with an out-of-order chunk and a status GET)
 * and cross-repository mounts, including part B's mount variants
 * (CHECKLIST.md §2). Part B's per-algorithm blob variants are in
 * conformance-push-blobs.test.ts, manifests in conformance-push-manifests.test.ts.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { expectRegistryError, expectStatus } from '../helpers/registry-assertions.js';
import { sha256, withQuery } from '../helpers/registry-client.js';
import { useRegistry } from '../helpers/registry-fixture.js';
import { DATABASE_ENGINES } from '../helpers/test-database.js';

const OCTETS = { 'content-type': 'application/octet-stream' };

describe.each(DATABASE_ENGINES)('OCI conformance: push uploads (%s)', (engine) => {
  const registry = useRegistry(engine);
  const name = registry.repo('push');
  const blobUrl = (repository: string, digest: string) => `/v2/${repository}/blobs/${digest}`;

  it('streamed: POST → Location, PATCH the whole blob → 202, PUT ?digest= without body → 201 with Location', async () => {
    const blob = randomBytes(1500);
    const location = await registry.client.startUpload(name);
    expect(location).toMatch(new RegExp(`^/v2/${name}/blobs/uploads/[^/]+$`));
    const patch = await registry.client.request('PATCH', location, { headers: OCTETS, body: blob });
    await expectStatus(patch, 202);
    expect(patch.headers.get('range')).toBe(`0-${blob.length - 1}`);
    const put = await registry.client.request('PUT', withQuery(patch.headers.get('location') as string, { digest: sha256(blob) }), { headers: { 'content-length': '0' } });
    await expectStatus(put, 201);
    expect(put.headers.get('location')).toBe(blobUrl(name, sha256(blob)));
    expect((await expectStatus(await registry.client.request('GET', blobUrl(name, sha256(blob))), 200)).equals(blob)).toBe(true);
  });

  describe('monolithic', () => {
    it('POST ?digest= with the body → 201 with Location, after which the blob (404 before) is served', async () => {
      const blob = randomBytes(700);
      await expectRegistryError(await registry.client.request('GET', blobUrl(name, sha256(blob))), 404, 'BLOB_UNKNOWN');
      const post = await registry.client.request('POST', `/v2/${name}/blobs/uploads/?digest=${sha256(blob)}`, { headers: OCTETS, body: blob });
      await expectStatus(post, 201);
      expect(post.headers.get('location')).toBe(blobUrl(name, sha256(blob)));
      expect(post.headers.get('docker-content-digest')).toBe(sha256(blob));
      expect((await expectStatus(await registry.client.request('GET', blobUrl(name, sha256(blob))), 200)).equals(blob)).toBe(true);
    });

    it('POST without body → 202 with a session Location; PUT <location>?digest= with the body → 201 (config and layer)', async () => {
      for (const blob of [Buffer.from('{"architecture":"amd64","os":"linux"}'), randomBytes(4096)]) {
        const post = await registry.client.request('POST', `/v2/${name}/blobs/uploads/`);
        await expectStatus(post, 202);
        expect(post.headers.get('location')).toMatch(new RegExp(`^/v2/${name}/blobs/uploads/[^/]+$`));
        expect(post.headers.get('range')).toBe('0-0');
        const put = await registry.client.request('PUT', withQuery(post.headers.get('location') as string, { digest: sha256(blob) }), { headers: OCTETS, body: blob });
        await expectStatus(put, 201);
        expect(put.headers.get('location')).toBe(blobUrl(name, sha256(blob)));
        await expectStatus(await registry.client.request('GET', blobUrl(name, sha256(blob))), 200);
      }
    });
  });

  describe('chunked', () => {
    const blob = randomBytes(3000);
    const [first, second] = [blob.subarray(0, 1500), blob.subarray(1500)];
    const patch = (location: string, chunk: Buffer, start: number) =>
      registry.client.request('PATCH', location, { headers: { ...OCTETS, 'content-range': `${start}-${start + chunk.length - 1}` }, body: chunk });

    it('POST with Content-Length: 0 → Location, no minimum chunk size; the second chunk first → 416', async () => {
      const post = await registry.client.request('POST', `/v2/${name}/blobs/uploads/`, { headers: { 'content-length': '0' } });
      await expectStatus(post, 202);
      expect(post.headers.get('oci-chunk-min-length')).toBeNull();
      const response = await patch(post.headers.get('location') as string, second, 1500);
      await expectRegistryError(response, 416, 'BLOB_UPLOAD_INVALID');
      expect(response.headers.get('range')).toBe('0-0');
    });

    it('first chunk → 202 Range 0-n; resent to the old location → 416; status GET → 204; second chunk → 202; PUT → 201', async () => {
      const oldLocation = await registry.client.startUpload(name);
      const accepted = await patch(oldLocation, first, 0);
      await expectStatus(accepted, 202);
      expect(accepted.headers.get('range')).toBe('0-1499');
      const newLocation = accepted.headers.get('location') as string;
      expect(newLocation).toBeTruthy();

      await expectStatus(await patch(oldLocation, first, 0), 416);

      const status = await registry.client.request('GET', oldLocation);
      expect((await expectStatus(status, 204)).length).toBe(0);
      expect(status.headers.get('location')).toBeTruthy();
      expect(status.headers.get('range')).toBe('0-1499');

      const next = await patch(status.headers.get('location') as string, second, 1500);
      await expectStatus(next, 202);
      expect(next.headers.get('range')).toBe('0-2999');
      const put = await registry.client.request('PUT', withQuery(next.headers.get('location') as string, { digest: sha256(blob) }), { headers: { 'content-length': '0' } });
      await expectStatus(put, 201);
      expect(put.headers.get('location')).toBe(blobUrl(name, sha256(blob)));
      expect((await expectStatus(await registry.client.request('GET', blobUrl(name, sha256(blob))), 200)).equals(blob)).toBe(true);
    });
  });

  describe('cross-repository mount', () => {
    const other = registry.repo('mount-target');

    it('?mount= of a digest nobody has (no from) → 202 with an upload session', async () => {
      const response = await registry.client.request('POST', `/v2/${other}/blobs/uploads/?mount=${sha256(randomBytes(16))}`);
      await expectStatus(response, 202);
      expect(response.headers.get('location')).toMatch(new RegExp(`^/v2/${other}/blobs/uploads/[^/]+$`));
    });

    it('?mount=<d>&from=<name> → 201, Location exactly /v2/<other>/blobs/<d>, and GET of it → 200 with the bytes', async () => {
      const blob = randomBytes(900);
      const digest = await registry.client.pushBlob(name, blob);
      await expectRegistryError(await registry.client.request('HEAD', blobUrl(other, digest)), 404, 'BLOB_UNKNOWN', 'HEAD');
      const response = await registry.client.request('POST', `/v2/${other}/blobs/uploads/?mount=${digest}&from=${name}`);
      await expectStatus(response, 201);
      expect(response.headers.get('location')).toBe(blobUrl(other, digest));
      expect(response.headers.get('docker-content-digest')).toBe(digest);
      expect((await expectStatus(await registry.client.request('GET', response.headers.get('location') as string), 200)).equals(blob)).toBe(true);
    });

    it('anonymous mount (no from) of a blob another repository holds → 201', async () => {
      const blob = randomBytes(901);
      const digest = await registry.client.pushBlob(name, blob);
      const target = registry.repo('mount-anonymous');
      const response = await registry.client.request('POST', `/v2/${target}/blobs/uploads/?mount=${digest}`);
      await expectStatus(response, 201);
      expect(response.headers.get('location')).toBe(blobUrl(target, digest));
      expect((await expectStatus(await registry.client.request('GET', blobUrl(target, digest)), 200)).equals(blob)).toBe(true);
    });

    it('mount from a repository that lacks the blob is not a 201: 202 with a session that a PUT completes', async () => {
      const blob = randomBytes(902);
      const digest = sha256(blob);
      const response = await registry.client.request('POST', `/v2/${other}/blobs/uploads/?mount=${digest}&from=${name}`);
      await expectStatus(response, 202);
      const location = response.headers.get('location') as string;
      expect(location).toMatch(new RegExp(`^/v2/${other}/blobs/uploads/`));
      await expectRegistryError(await registry.client.request('HEAD', blobUrl(other, digest)), 404, 'BLOB_UNKNOWN', 'HEAD');
      await expectStatus(await registry.client.request('PUT', withQuery(location, { digest }), { headers: OCTETS, body: blob }), 201);
      expect((await expectStatus(await registry.client.request('GET', blobUrl(other, digest)), 200)).equals(blob)).toBe(true);
    });
  });
});
