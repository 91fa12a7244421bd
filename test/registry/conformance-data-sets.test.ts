/**
 * OCI distribution-spec conformance, part B's per-data-set run: each data set
 * (image, uncompressed layers, large manifest, index, nested index, empty index,
 * artifacts, subject and missing subject, `data` field, non-distributable
 * layers, custom fields, zero layers, sha512, Docker schema 2) is pushed
 * children first, pulled back byte for byte, listed (tags, referrers) and
 * deleted tags → manifests (parents first) → blobs (CHECKLIST.md §1.B, §2.B,
 * §3.B, §4.B). The optional sparse data set is skipped (see oci-data-sets.ts).
 */
import { describe, expect, it } from 'vitest';
import { conformanceDataSets } from '../helpers/oci-data-sets.js';
import { blobsOf, manifestsInPushOrder, pushContent, type Content } from '../helpers/oci-content.js';
import { expectJson, expectRegistryError, expectStatus } from '../helpers/registry-assertions.js';
import { OCI_INDEX, OCI_MANIFEST, digestOf } from '../helpers/registry-client.js';
import { useRegistry } from '../helpers/registry-fixture.js';
import { DATABASE_ENGINES } from '../helpers/test-database.js';

const ACCEPT = { accept: [OCI_INDEX, OCI_MANIFEST, 'application/vnd.docker.distribution.manifest.v2+json', 'application/vnd.docker.distribution.manifest.list.v2+json'].join(', ') };

interface ReferrersIndex {
  schemaVersion: number;
  mediaType: string;
  manifests: Array<Record<string, unknown>>;
}

describe.each(DATABASE_ENGINES)('OCI conformance: data sets (%s)', (engine) => {
  const registry = useRegistry(engine);

  describe.each(conformanceDataSets())('$name', ({ name: setName, content, tags, byTag, referrers = [] }) => {
    const name = registry.repo(`data-${setName}`);
    const manifests = [...manifestsInPushOrder(content), ...referrers];
    const blobs = [content, ...referrers].flatMap(blobsOf).filter((blob, i, all) => all.findIndex((other) => other.equals(blob)) === i);
    const blobDigest = (blob: Buffer) => digestOf(blob, content.algorithm);
    const get = (method: string, path: string) => registry.client.request(method, path, { headers: ACCEPT });

    async function expectManifest(reference: string, manifest: Content) {
      const response = await get('GET', `/v2/${name}/manifests/${reference}`);
      expect((await expectStatus(response, 200)).equals(manifest.body)).toBe(true);
      expect(response.headers.get('content-type')).toBe(manifest.mediaType);
      expect(response.headers.get('content-length')).toBe(String(manifest.body.length));
      expect(response.headers.get('docker-content-digest')).toBe(manifest.digest);
      const head = await get('HEAD', `/v2/${name}/manifests/${reference}`);
      expect((await expectStatus(head, 200)).length).toBe(0);
      expect(head.headers.get('content-type')).toBe(manifest.mediaType);
      expect(head.headers.get('content-length')).toBe(String(manifest.body.length));
      expect(head.headers.get('docker-content-digest')).toBe(manifest.digest);
    }

    it('pushes blobs, then manifests children first, then tags → 201', async () => {
      const created = await pushContent(registry.client, name, content, { tags, byTag });
      expect(created.headers.get('location')).toBe(`/v2/${name}/manifests/${content.digest}`);
      expect(created.headers.get('docker-content-digest')).toBe(content.digest);
      if (!byTag) expect(created.headers.get('oci-tag')?.split(',').map((tag) => tag.trim())).toEqual(tags);
      if (content.subject) expect(created.headers.get('oci-subject')).toBe(content.subject.digest);
      for (const referrer of referrers) expect((await pushContent(registry.client, name, referrer)).headers.get('oci-subject')).toBe(content.digest);
    });

    it('every manifest by digest and the top one by each tag: GET identical bytes, HEAD empty, same headers', async () => {
      for (const manifest of manifests) await expectManifest(manifest.digest, manifest);
      for (const tag of tags) await expectManifest(tag, content);
    });

    it('every pushed blob: GET identical bytes and HEAD with its size; absent (non-distributable) blobs → 404', async () => {
      for (const blob of blobs) {
        const response = await get('GET', `/v2/${name}/blobs/${blobDigest(blob)}`);
        expect((await expectStatus(response, 200)).equals(blob)).toBe(true);
        expect(response.headers.get('content-length')).toBe(String(blob.length));
        const head = await get('HEAD', `/v2/${name}/blobs/${blobDigest(blob)}`);
        expect(head.headers.get('content-length')).toBe(String(blob.length));
        expect((await expectStatus(head, 200)).length).toBe(0);
      }
      for (const absent of content.absentBlobs) await expectRegistryError(await get('GET', `/v2/${name}/blobs/${absent.digest}`), 404, 'BLOB_UNKNOWN');
    });

    it('tags/list holds every tag, and ?last=<middle tag> returns exactly the tags after it', async () => {
      const sorted = [...tags].sort();
      expect((await expectJson<{ tags: string[] }>(await get('GET', `/v2/${name}/tags/list`))).tags).toEqual(sorted);
      const middle = Math.floor((sorted.length - 1) / 2);
      const after = await expectJson<{ tags: string[] }>(await get('GET', `/v2/${name}/tags/list?last=${sorted[middle]}`));
      expect(after.tags).toEqual(sorted.slice(middle + 1));
    });

    it('referrers of the subject list each referrer with digest, mediaType, size, artifactType and annotations', async () => {
      const subject = content.subject?.digest ?? content.digest;
      const expected = content.subject ? [content] : referrers;
      const response = await get('GET', `/v2/${name}/referrers/${subject}`);
      const index = await expectJson<ReferrersIndex>(response);
      expect(response.headers.get('content-type')).toBe(OCI_INDEX);
      expect(index).toMatchObject({ schemaVersion: 2, mediaType: OCI_INDEX });
      const descriptorFor = (referrer: Content) => ({
        mediaType: referrer.mediaType,
        digest: referrer.digest,
        size: referrer.body.length,
        ...(referrer.artifactType ? { artifactType: referrer.artifactType } : {}),
        ...(referrer.annotations ? { annotations: referrer.annotations } : {}),
      });
      expect(index.manifests).toEqual(expect.arrayContaining(expected.map(descriptorFor)));
      expect(index.manifests).toHaveLength(expected.length);
      for (const type of new Set(expected.map((referrer) => referrer.artifactType))) {
        const filtered = await get('GET', `/v2/${name}/referrers/${subject}?artifactType=${encodeURIComponent(type as string)}`);
        expect(filtered.headers.get('oci-filters-applied')).toBe('artifactType');
        const matching = expected.filter((referrer) => referrer.artifactType === type).map(descriptorFor);
        expect((await expectJson<ReferrersIndex>(filtered)).manifests).toEqual(expect.arrayContaining(matching));
      }
    });

    it('deletes tags, then manifests parents first, then blobs: each → 202 and gone at once (HEAD → 404)', async () => {
      for (const tag of tags) {
        await expectStatus(await registry.client.request('DELETE', `/v2/${name}/manifests/${tag}`), 202);
        await expectRegistryError(await get('HEAD', `/v2/${name}/manifests/${tag}`), 404, 'MANIFEST_UNKNOWN', 'HEAD');
      }
      for (const manifest of [...manifests].reverse()) {
        await expectStatus(await registry.client.request('DELETE', `/v2/${name}/manifests/${manifest.digest}`), 202);
        await expectRegistryError(await get('HEAD', `/v2/${name}/manifests/${manifest.digest}`), 404, 'MANIFEST_UNKNOWN', 'HEAD');
      }
      for (const blob of blobs) {
        await expectStatus(await registry.client.request('DELETE', `/v2/${name}/blobs/${blobDigest(blob)}`), 202);
        await expectRegistryError(await get('HEAD', `/v2/${name}/blobs/${blobDigest(blob)}`), 404, 'BLOB_UNKNOWN', 'HEAD');
      }
    });
  });
});
