/**
 * OCI distribution-spec conformance, workflow 1 "Pull"
 * (/work/shared/data/oci-conformance/CHECKLIST.md §1, parts A and B).
 * Skipped: read-only mode (`OCI_RO_DATA_*`), which only re-reads pre-seeded
 * content and does not apply to a registry that owns its data.
 * The per-data-set pull checks of part B are in conformance-data-sets.test.ts.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { expectRegistryError, expectStatus, SPEC_ERROR_CODES, type RegistryErrorBody } from '../helpers/registry-assertions.js';
import { EMPTY_BLOB, EMPTY_JSON, EMPTY_JSON_DIGEST, OCI_INDEX, OCI_MANIFEST, sha256 } from '../helpers/registry-client.js';
import { imageContent } from '../helpers/oci-content.js';
import { useRegistry } from '../helpers/registry-fixture.js';
import { DATABASE_ENGINES } from '../helpers/test-database.js';

const ACCEPT_BOTH = { accept: `${OCI_INDEX}, ${OCI_MANIFEST}` };
const missingDigest = () => sha256(randomBytes(32));

describe.each(DATABASE_ENGINES)('OCI conformance: pull (%s)', (engine) => {
  const registry = useRegistry(engine);
  const name = registry.repo('pull');
  const layer = randomBytes(2048);
  const image0 = imageContent({ layers: [layer] });
  const image1 = imageContent({ layers: [layer] });
  const [config0, config1] = [image0.blobs[0] as Buffer, image1.blobs[0] as Buffer];
  const tag = 'tagtest0';

  describe('setup (part A)', () => {
    it('pushes two config blobs and a layer with POST then PUT <location>?digest= → 201', async () => {
      for (const blob of [config0, config1, layer]) {
        const response = await registry.client.putBlob(name, blob);
        await expectStatus(response, 201);
        expect(response.headers.get('location')).toBe(`/v2/${name}/blobs/${sha256(blob)}`);
      }
    });

    it('PUTs manifest 0 by tag and manifest 1 by digest → 201', async () => {
      const byTag = await registry.client.request('PUT', `/v2/${name}/manifests/${tag}`, { headers: { 'content-type': OCI_MANIFEST }, body: image0.body });
      await expectStatus(byTag, 201);
      expect(byTag.headers.get('docker-content-digest')).toBe(image0.digest);
      const byDigest = await registry.client.request('PUT', `/v2/${name}/manifests/${image1.digest}`, { headers: { 'content-type': OCI_MANIFEST }, body: image1.body });
      await expectStatus(byDigest, 201);
      expect(byDigest.headers.get('location')).toBe(`/v2/${name}/manifests/${image1.digest}`);
    });
  });

  describe('ping (part B)', () => {
    it('GET /v2/ answers 200 with credentials and 401 with a Bearer challenge without', async () => {
      await expectStatus(await registry.client.request('GET', '/v2/'), 200);
      const anonymous = await registry.client.withAuthorization(undefined).request('GET', '/v2/');
      await expectRegistryError(anonymous, 401, 'UNAUTHORIZED');
      expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer realm="[^"]+\/auth\/token",service="[^"]+"/);
    });
  });

  describe('blobs', () => {
    it('HEAD and GET of a blob never pushed → 404 BLOB_UNKNOWN', async () => {
      const digest = missingDigest();
      await expectRegistryError(await registry.client.request('HEAD', `/v2/${name}/blobs/${digest}`), 404, 'BLOB_UNKNOWN', 'HEAD');
      await expectRegistryError(await registry.client.request('GET', `/v2/${name}/blobs/${digest}`), 404, 'BLOB_UNKNOWN');
    });

    it('HEAD of an existing blob → 200, empty body, Content-Length and Docker-Content-Digest', async () => {
      const response = await registry.client.request('HEAD', `/v2/${name}/blobs/${sha256(layer)}`);
      expect((await expectStatus(response, 200)).length).toBe(0);
      expect(response.headers.get('content-length')).toBe(String(layer.length));
      expect(response.headers.get('docker-content-digest')).toBe(sha256(layer));
    });

    it('GET of an existing blob → 200 with the pushed bytes, Content-Length and Docker-Content-Digest', async () => {
      for (const blob of [config0, config1, layer]) {
        const response = await registry.client.request('GET', `/v2/${name}/blobs/${sha256(blob)}`);
        expect((await expectStatus(response, 200)).equals(blob)).toBe(true);
        expect(response.headers.get('content-length')).toBe(String(blob.length));
        expect(response.headers.get('docker-content-digest')).toBe(sha256(blob));
      }
    });

    it.each([
      ['the zero-byte blob', EMPTY_BLOB, 'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
      ['the empty JSON blob {}', EMPTY_JSON, EMPTY_JSON_DIGEST],
    ])('GET and HEAD of %s report its exact size', async (_label, blob, digest) => {
      expect(await registry.client.pushBlob(name, blob)).toBe(digest);
      const get = await registry.client.request('GET', `/v2/${name}/blobs/${digest}`);
      expect((await expectStatus(get, 200)).equals(blob)).toBe(true);
      expect(get.headers.get('content-length')).toBe(String(blob.length));
      const head = await registry.client.request('HEAD', `/v2/${name}/blobs/${digest}`);
      expect((await expectStatus(head, 200)).length).toBe(0);
      expect(head.headers.get('content-length')).toBe(String(blob.length));
    });
  });

  describe('range requests on a 2048-byte blob (part B)', () => {
    const range = (header: string) => registry.client.request('GET', `/v2/${name}/blobs/${sha256(layer)}`, { headers: { range: header } });

    it.each([
      ['bytes=500-1499', 500, 1499],
      ['bytes=500-', 500, 2047],
      ['bytes=-500', 1548, 2047],
      ['bytes=2000-5000', 2000, 2047],
    ])('Range: %s → 206 with bytes %i-%i', async (header, start, end) => {
      const response = await range(header);
      const body = await expectStatus(response, 206);
      expect(response.headers.get('content-length')).toBe(String(end - start + 1));
      expect(response.headers.get('content-range')).toBe(`bytes ${start}-${end}/2048`);
      expect(body.equals(layer.subarray(start, end + 1))).toBe(true);
    });

    it.each(['bytes=500-0', 'bytes=5000-10000'])('Range: %s → 416', async (header) => {
      const response = await range(header);
      await expectStatus(response, 416);
      expect(response.headers.get('content-range')).toBe('bytes */2048');
    });
  });

  describe('manifests (Accept: index and image manifest)', () => {
    const get = (method: 'GET' | 'HEAD', reference: string) => registry.client.request(method, `/v2/${name}/manifests/${reference}`, { headers: ACCEPT_BOTH });

    it('HEAD and GET of a nonexistent reference → 404 MANIFEST_UNKNOWN', async () => {
      for (const reference of ['.INVALID_MANIFEST_NAME', 'missing-tag', missingDigest()]) {
        await expectRegistryError(await get('HEAD', reference), 404, 'MANIFEST_UNKNOWN', 'HEAD');
        await expectRegistryError(await get('GET', reference), 404, 'MANIFEST_UNKNOWN');
      }
    });

    it('GET by digest (manifests 0 and 1) and by tag → 200, identical body, Content-Type, Content-Length, digest', async () => {
      for (const [reference, image] of [[image0.digest, image0], [image1.digest, image1], [tag, image0]] as const) {
        const response = await get('GET', reference);
        expect((await expectStatus(response, 200)).equals(image.body)).toBe(true);
        expect(response.headers.get('content-type')).toBe(OCI_MANIFEST);
        expect(response.headers.get('content-length')).toBe(String(image.body.length));
        expect(response.headers.get('docker-content-digest')).toBe(image.digest);
      }
    });

    it('HEAD by digest (manifests 0 and 1) and by tag → 200, empty body, same headers', async () => {
      for (const [reference, image] of [[image0.digest, image0], [image1.digest, image1], [tag, image0]] as const) {
        const response = await get('HEAD', reference);
        expect((await expectStatus(response, 200)).length).toBe(0);
        expect(response.headers.get('content-type')).toBe(OCI_MANIFEST);
        expect(response.headers.get('content-length')).toBe(String(image.body.length));
        expect(response.headers.get('docker-content-digest')).toBe(image.digest);
      }
    });

    it.each(['sha256:totallywrong', 'sha256:baddigeststring'])('GET of malformed digest %s → 400 with a spec error code', async (reference) => {
      const body = (await expectRegistryError(await get('GET', reference), 400, 'DIGEST_INVALID')) as RegistryErrorBody;
      expect(SPEC_ERROR_CODES).toContain(body.errors[0]?.code);
    });
  });

  describe('teardown (part A)', () => {
    it('DELETE the manifests by digest → 202, then DELETE the blobs → 202', async () => {
      for (const image of [image0, image1]) await expectStatus(await registry.client.request('DELETE', `/v2/${name}/manifests/${image.digest}`), 202);
      for (const blob of [config0, config1, layer]) await expectStatus(await registry.client.request('DELETE', `/v2/${name}/blobs/${sha256(blob)}`), 202);
      await expectRegistryError(await registry.client.request('GET', `/v2/${name}/manifests/${tag}`), 404, 'MANIFEST_UNKNOWN');
      await expectRegistryError(await registry.client.request('GET', `/v2/${name}/blobs/${sha256(layer)}`), 404, 'BLOB_UNKNOWN');
    });
  });
});
