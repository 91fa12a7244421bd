/**
 * OCI distribution-spec conformance, workflow 4 "Content Management": deleting
 * tags, manifests and blobs, each visible immediately ("atomic" in the current
 * suite), and cancelling uploads (CHECKLIST.md §4). The per-data-set deletion
 * order (tags, then manifests parents first, then blobs) is exercised in
 * conformance-data-sets.test.ts.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { artifactContent, descriptorOfContent, imageContent, pushContent } from '../helpers/oci-content.js';
import { expectJson, expectRegistryError, expectStatus } from '../helpers/registry-assertions.js';
import { OCI_MANIFEST, sha256 } from '../helpers/registry-client.js';
import { useRegistry } from '../helpers/registry-fixture.js';
import { DATABASE_ENGINES } from '../helpers/test-database.js';

describe.each(DATABASE_ENGINES)('OCI conformance: content management (%s)', (engine) => {
  const registry = useRegistry(engine);
  const manifestUrl = (name: string, reference: string) => `/v2/${name}/manifests/${reference}`;
  const blobUrl = (name: string, digest: string) => `/v2/${name}/blobs/${digest}`;
  const tagsOf = async (name: string) => (await expectJson<{ tags: string[] }>(await registry.client.request('GET', `/v2/${name}/tags/list`))).tags;

  describe('part A', () => {
    const name = registry.repo('management');
    const image = imageContent();

    it('setup: blobs, a manifest under tagtest0 and tagtest1, and GET /tags/list → 200', async () => {
      for (const blob of image.blobs) await expectStatus(await registry.client.putBlob(name, blob), 201);
      for (const tag of ['tagtest0', 'tagtest1']) {
        await expectStatus(await registry.client.request('PUT', manifestUrl(name, tag), { headers: { 'content-type': OCI_MANIFEST }, body: image.body }), 201);
      }
      expect(await tagsOf(name)).toEqual(['tagtest0', 'tagtest1']);
    });

    it('DELETE /manifests/<tag> → 202; the tag list has one tag fewer and the manifest is still there by digest', async () => {
      await expectStatus(await registry.client.request('DELETE', manifestUrl(name, 'tagtest0')), 202);
      expect(await tagsOf(name)).toEqual(['tagtest1']);
      await expectStatus(await registry.client.request('GET', manifestUrl(name, image.digest)), 200);
    });

    it('DELETE /manifests/<digest> → 202, then GET by digest → 404 and the tags that pointed at it are gone', async () => {
      await expectStatus(await registry.client.request('DELETE', manifestUrl(name, image.digest)), 202);
      await expectRegistryError(await registry.client.request('GET', manifestUrl(name, image.digest)), 404, 'MANIFEST_UNKNOWN');
      await expectRegistryError(await registry.client.request('GET', manifestUrl(name, 'tagtest1')), 404, 'MANIFEST_UNKNOWN');
      expect(await tagsOf(name)).toEqual([]);
    });

    it('DELETE /blobs/<digest> (config and layer) → 202, then GET → 404', async () => {
      for (const blob of image.blobs) {
        await expectStatus(await registry.client.request('DELETE', blobUrl(name, sha256(blob))), 202);
        await expectRegistryError(await registry.client.request('GET', blobUrl(name, sha256(blob))), 404, 'BLOB_UNKNOWN');
      }
    });
  });

  describe('part B', () => {
    it('tag delete → 202, HEAD of the tag immediately after → 404; deleting it again → 404 MANIFEST_UNKNOWN', async () => {
      const name = registry.repo('delete-tag');
      const image = imageContent();
      await pushContent(registry.client, name, image, { tags: ['a', 'b'] });
      await expectStatus(await registry.client.request('DELETE', manifestUrl(name, 'a')), 202);
      await expectRegistryError(await registry.client.request('HEAD', manifestUrl(name, 'a')), 404, 'MANIFEST_UNKNOWN', 'HEAD');
      await expectStatus(await registry.client.request('HEAD', manifestUrl(name, 'b')), 200);
      await expectRegistryError(await registry.client.request('DELETE', manifestUrl(name, 'a')), 404, 'MANIFEST_UNKNOWN');
    });

    it('manifest delete → 202, HEAD by digest immediately after → 404; deleting it again → 404 MANIFEST_UNKNOWN', async () => {
      const name = registry.repo('delete-manifest');
      const image = imageContent();
      await pushContent(registry.client, name, image, { tags: ['latest'] });
      await expectStatus(await registry.client.request('DELETE', manifestUrl(name, image.digest)), 202);
      await expectRegistryError(await registry.client.request('HEAD', manifestUrl(name, image.digest)), 404, 'MANIFEST_UNKNOWN', 'HEAD');
      await expectRegistryError(await registry.client.request('HEAD', manifestUrl(name, 'latest')), 404, 'MANIFEST_UNKNOWN', 'HEAD');
      await expectRegistryError(await registry.client.request('DELETE', manifestUrl(name, image.digest)), 404, 'MANIFEST_UNKNOWN');
    });

    it('blob delete → 202, HEAD immediately after → 404; deleting it again → 404 BLOB_UNKNOWN', async () => {
      const name = registry.repo('delete-blob');
      const digest = await registry.client.pushBlob(name, randomBytes(300));
      await expectStatus(await registry.client.request('DELETE', blobUrl(name, digest)), 202);
      await expectRegistryError(await registry.client.request('HEAD', blobUrl(name, digest)), 404, 'BLOB_UNKNOWN', 'HEAD');
      await expectRegistryError(await registry.client.request('DELETE', blobUrl(name, digest)), 404, 'BLOB_UNKNOWN');
    });

    it('deletes are scoped to their repository: the same manifest and blob in another repository stay', async () => {
      const [first, second] = [registry.repo('scope-a'), registry.repo('scope-b')];
      const image = imageContent();
      for (const name of [first, second]) await pushContent(registry.client, name, image, { tags: ['v1'] });
      await expectStatus(await registry.client.request('DELETE', manifestUrl(first, image.digest)), 202);
      await expectStatus(await registry.client.request('DELETE', blobUrl(first, sha256(image.blobs[1] as Buffer))), 202);
      expect((await expectStatus(await registry.client.request('GET', manifestUrl(second, 'v1')), 200)).equals(image.body)).toBe(true);
      expect((await expectStatus(await registry.client.request('GET', blobUrl(second, sha256(image.blobs[1] as Buffer))), 200)).equals(image.blobs[1] as Buffer)).toBe(true);
    });

    it('a deleted referrer disappears from the referrers list', async () => {
      const name = registry.repo('delete-referrer');
      const subject = imageContent();
      const referrer = artifactContent('application/vnd.example.signature', { subject: descriptorOfContent(subject) });
      await pushContent(registry.client, name, subject, { tags: ['v1'] });
      await pushContent(registry.client, name, referrer);
      const before = await expectJson<{ manifests: unknown[] }>(await registry.client.request('GET', `/v2/${name}/referrers/${subject.digest}`));
      expect(before.manifests).toHaveLength(1);
      await expectStatus(await registry.client.request('DELETE', manifestUrl(name, referrer.digest)), 202);
      const after = await expectJson<{ manifests: unknown[] }>(await registry.client.request('GET', `/v2/${name}/referrers/${subject.digest}`));
      expect(after.manifests).toEqual([]);
    });

    it('upload cancel: DELETE <upload location> → 204, then the session is unknown (404 BLOB_UPLOAD_UNKNOWN)', async () => {
      const name = registry.repo('cancel');
      const location = await registry.client.startUpload(name);
      await expectStatus(await registry.client.request('DELETE', location), 204);
      await expectRegistryError(await registry.client.request('DELETE', location), 404, 'BLOB_UPLOAD_UNKNOWN');
    });
  });
});
