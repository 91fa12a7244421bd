/**
 * OCI distribution-spec conformance, workflow 2 "Push": manifest upload
 * (part A) and manifest push (part B): tags, Location round trips, OCI-Subject,
 * the `?tag=` parameter with OCI-Tag, digest mismatches, manifests that name
 * absent non-distributable layers, and Docker schema 2 manifests and lists
 * (CHECKLIST.md §2).
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { artifactContent, blobDescriptor, descriptorOfContent, imageContent, indexContent, pushContent, type Content } from '../helpers/oci-content.js';
import { expectRegistryError, expectStatus } from '../helpers/registry-assertions.js';
import { DOCKER_CONFIG, DOCKER_LAYER, DOCKER_LIST, DOCKER_MANIFEST, OCI_INDEX, OCI_MANIFEST, sha256 } from '../helpers/registry-client.js';
import { useRegistry } from '../helpers/registry-fixture.js';
import { DATABASE_ENGINES } from '../helpers/test-database.js';

const ACCEPT_BOTH = { accept: `${OCI_INDEX}, ${OCI_MANIFEST}` };

describe.each(DATABASE_ENGINES)('OCI conformance: manifest push (%s)', (engine) => {
  const registry = useRegistry(engine);
  const name = registry.repo('manifests');
  const put = (content: Content, reference: string, repository = name) =>
    registry.client.request('PUT', `/v2/${repository}/manifests/${reference}`, { headers: { 'content-type': content.mediaType }, body: content.body });
  const pushBlobs = async (content: Content) => {
    for (const blob of content.blobs) await registry.client.pushBlob(name, blob, content.algorithm);
  };

  /** GET of the PUT's Location (Accept index and image) → 200 with the same Content-Type, Content-Length and bytes. */
  async function expectServedAtLocation(created: Response, content: Content) {
    await expectStatus(created, 201);
    expect(created.headers.get('location')).toBe(`/v2/${name}/manifests/${content.digest}`);
    expect(created.headers.get('docker-content-digest')).toBe(content.digest);
    const response = await registry.client.request('GET', created.headers.get('location') as string, { headers: ACCEPT_BOTH });
    expect((await expectStatus(response, 200)).equals(content.body)).toBe(true);
    expect(response.headers.get('content-type')).toBe(content.mediaType);
    expect(response.headers.get('content-length')).toBe(String(content.body.length));
    expect(response.headers.get('docker-content-digest')).toBe(content.digest);
  }

  describe('manifest upload (part A)', () => {
    const image = imageContent();

    it('GET /manifests/.INVALID_MANIFEST_NAME → 404', async () => {
      await expectRegistryError(await registry.client.request('GET', `/v2/${name}/manifests/.INVALID_MANIFEST_NAME`), 404, 'MANIFEST_UNKNOWN');
    });

    it('PUT the same image under test0..test3 → 201 with Location each, then GET by digest → 200', async () => {
      await pushBlobs(image);
      for (const tag of ['test0', 'test1', 'test2', 'test3']) {
        const response = await put(image, tag);
        await expectStatus(response, 201);
        expect(response.headers.get('location')).toBe(`/v2/${name}/manifests/${image.digest}`);
      }
      await expectStatus(await registry.client.request('GET', `/v2/${name}/manifests/${image.digest}`), 200);
    });

    it('PUT an image manifest with an empty layers list by tag → 201 with Location', async () => {
      const empty = imageContent({ layers: [] });
      await pushBlobs(empty);
      await expectServedAtLocation(await put(empty, 'no-layers'), empty);
    });
  });

  describe('manifest push (part B)', () => {
    it('PUT by digest and by tag with Content-Type = mediaType → 201; the Location serves identical bytes', async () => {
      const image = imageContent({ annotations: { 'org.opencontainers.image.title': 'by-digest' } });
      await pushBlobs(image);
      await expectServedAtLocation(await put(image, image.digest), image);
      await expectServedAtLocation(await put(image, 'by-tag'), image);
      const byTag = await registry.client.request('GET', `/v2/${name}/manifests/by-tag`, { headers: ACCEPT_BOTH });
      expect((await expectStatus(byTag, 200)).equals(image.body)).toBe(true);
    });

    it('children before parents: an index is accepted once its manifests are in the repository', async () => {
      const children = [imageContent(), imageContent()];
      for (const child of children) {
        await pushBlobs(child);
        await expectServedAtLocation(await put(child, child.digest), child);
      }
      const index = indexContent(children, { platforms: [{ architecture: 'amd64', os: 'linux' }, { architecture: 'arm64', os: 'linux' }] });
      await expectServedAtLocation(await put(index, 'multi-platform'), index);
    });

    it('a manifest with a subject → 201 with OCI-Subject: <subject digest> (image and index referrers)', async () => {
      const subject = imageContent();
      const image = artifactContent('application/vnd.example.sbom', { subject: descriptorOfContent(subject), layers: [randomBytes(64)] });
      await pushBlobs(image);
      const created = await put(image, image.digest);
      expect(created.headers.get('oci-subject')).toBe(subject.digest);
      await expectServedAtLocation(created, image);
      const index = indexContent([], { artifactType: 'application/vnd.example.bundle', subject: descriptorOfContent(subject) });
      const indexCreated = await put(index, index.digest);
      expect(indexCreated.headers.get('oci-subject')).toBe(subject.digest);
      await expectServedAtLocation(indexCreated, index);
    });

    it('a manifest without subject has no OCI-Subject header', async () => {
      const image = imageContent();
      await pushBlobs(image);
      const created = await put(image, image.digest);
      await expectStatus(created, 201);
      expect(created.headers.get('oci-subject')).toBeNull();
    });

    it('PUT /manifests/<digest>?tag=t1&tag=t2 → 201 with OCI-Tag naming both, and both tags resolve', async () => {
      const image = imageContent();
      const created = await pushContent(registry.client, name, image, { tags: ['param-a', 'param-b'] });
      await expectStatus(created, 201);
      const applied = created.headers.get('oci-tag')?.split(',').map((tag) => tag.trim());
      expect(applied?.sort()).toEqual(['param-a', 'param-b']);
      for (const tag of ['param-a', 'param-b']) {
        const response = await registry.client.request('HEAD', `/v2/${name}/manifests/${tag}`, { headers: ACCEPT_BOTH });
        await expectStatus(response, 200);
        expect(response.headers.get('docker-content-digest')).toBe(image.digest);
      }
    });

    it('PUT /manifests/sha256:baddigeststring → 400, and a well-formed digest the body does not have → 400 DIGEST_INVALID', async () => {
      const image = imageContent();
      await pushBlobs(image);
      await expectRegistryError(await put(image, 'sha256:baddigeststring'), 400, 'DIGEST_INVALID');
      const wrong = sha256(randomBytes(8));
      await expectRegistryError(await put(image, wrong), 400, 'DIGEST_INVALID');
      await expectRegistryError(await registry.client.request('HEAD', `/v2/${name}/manifests/${wrong}`), 404, 'MANIFEST_UNKNOWN', 'HEAD');
      await expectRegistryError(await registry.client.request('HEAD', `/v2/${name}/manifests/${image.digest}`), 404, 'MANIFEST_UNKNOWN', 'HEAD');
    });

    it('layers that are deliberately absent (non-distributable) do not block the push', async () => {
      const foreign = blobDescriptor('application/vnd.oci.image.layer.nondistributable.v1.tar+gzip', randomBytes(256), 'sha256', { urls: ['https://example.com/layer'] });
      const image = imageContent({ absentLayers: [foreign] });
      await pushBlobs(image);
      await expectServedAtLocation(await put(image, image.digest), image);
      await expectRegistryError(await registry.client.request('GET', `/v2/${name}/blobs/${foreign.digest}`), 404, 'BLOB_UNKNOWN');
    });
  });

  describe('Docker schema 2', () => {
    it('a v2s2 manifest and a manifest list are stored and served with their Docker media types', async () => {
      const manifests = ['amd64', 'arm64'].map(() =>
        imageContent({ mediaType: DOCKER_MANIFEST, configMediaType: DOCKER_CONFIG, layerMediaType: DOCKER_LAYER }),
      );
      for (const manifest of manifests) {
        await pushBlobs(manifest);
        await expectServedAtLocation(await put(manifest, manifest.digest), manifest);
      }
      const list = indexContent(manifests, { mediaType: DOCKER_LIST, platforms: [{ architecture: 'amd64', os: 'linux' }, { architecture: 'arm64', os: 'linux' }] });
      await expectServedAtLocation(await put(list, 'docker-list'), list);
      const byTag = await registry.client.request('GET', `/v2/${name}/manifests/docker-list`, { headers: { accept: DOCKER_LIST } });
      expect((await expectStatus(byTag, 200)).equals(list.body)).toBe(true);
      expect(byTag.headers.get('content-type')).toBe(DOCKER_LIST);
    });
  });

  describe('teardown (part A)', () => {
    it('DELETE manifests → 202, DELETE blobs → 202', async () => {
      const image = imageContent();
      await pushContent(registry.client, name, image, { tags: ['teardown'] });
      await expectStatus(await registry.client.request('DELETE', `/v2/${name}/manifests/${image.digest}`), 202);
      for (const blob of image.blobs) await expectStatus(await registry.client.request('DELETE', `/v2/${name}/blobs/${sha256(blob)}`), 202);
      await expectRegistryError(await registry.client.request('GET', `/v2/${name}/manifests/teardown`), 404, 'MANIFEST_UNKNOWN');
    });
  });
});
