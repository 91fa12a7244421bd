/**
 * Manifests the registry must refuse: too large (413), malformed JSON, unknown
 * media types, Docker schema 1, missing config/layers/children
 * (MANIFEST_BLOB_UNKNOWN), wrong descriptor sizes or embedded data, a body
 * mediaType that contradicts Content-Type, and invalid tags. Each refusal has
 * the distribution spec's code and status (CNCF distribution's where the spec
 * is silent) and leaves neither the manifest nor its tag behind.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ADMIN, basicAuth } from '../helpers/airlock.js';
import { blobDescriptor, imageContent, indexContent } from '../helpers/oci-content.js';
import { rawRequest } from '../helpers/raw-http.js';
import { expectJson, expectRegistryError, expectStatus } from '../helpers/registry-assertions.js';
import { DOCKER_MANIFEST, OCI_CONFIG, OCI_INDEX, OCI_MANIFEST, json, sha256 } from '../helpers/registry-client.js';
import { useRegistry } from '../helpers/registry-fixture.js';
import { DATABASE_ENGINES } from '../helpers/test-database.js';

const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
const SCHEMA1_SIGNED = 'application/vnd.docker.distribution.manifest.v1+prettyjws';
const SCHEMA1 = 'application/vnd.docker.distribution.manifest.v1+json';

type SizedDescriptor = { size: number };
type ManifestDocument = { config?: SizedDescriptor; layers?: SizedDescriptor[]; manifests?: SizedDescriptor[] };

/** A manifest whose JSON serialisation is exactly `size` bytes (padding in an annotation). */
function manifestOfSize(config: Buffer, size: number): Buffer {
  const base = { schemaVersion: 2, mediaType: OCI_MANIFEST, config: blobDescriptor(OCI_CONFIG, config), layers: [], annotations: { pad: '' } };
  const padding = size - json(base).length;
  return json({ ...base, annotations: { pad: 'x'.repeat(padding) } });
}

describe.each(DATABASE_ENGINES)('bad input: manifests (%s)', (engine) => {
  const registry = useRegistry(engine, 'manifests');
  const name = registry.repo('app');
  const image = imageContent();
  const [config, layer] = image.blobs as [Buffer, Buffer];
  const refused: Array<{ tag: string; body: Buffer }> = [];
  /** An image over the pushed config and layer that differs from `image` (and from every other variant). */
  const variant = (extra: Parameters<typeof imageContent>[0] = {}) =>
    imageContent({ config, layers: [layer], annotations: { 'org.example.variant': randomBytes(8).toString('hex') }, ...extra });

  /** PUTs `body` under a fresh tag, expects the error, and remembers the attempt for the final visibility check. */
  async function expectRefused(body: Buffer, contentType: string | undefined, status: number, code: string) {
    const tag = `refused-${refused.length}`;
    refused.push({ tag, body });
    const response = await registry.client.request('PUT', `/v2/${name}/manifests/${tag}`, { headers: contentType ? { 'content-type': contentType } : {}, body });
    return expectRegistryError(response, status, code);
  }

  it('setup: the config and layer blobs, and an untagged image (a valid index child), are in the repository', async () => {
    for (const blob of image.blobs) await registry.client.pushBlob(name, blob);
    await expectStatus(await registry.client.request('PUT', `/v2/${name}/manifests/${image.digest}`, { headers: { 'content-type': OCI_MANIFEST }, body: image.body }), 201);
  });

  describe('size limit', () => {
    it('a manifest of exactly 4 MiB is accepted', async () => {
      const body = manifestOfSize(config, MAX_MANIFEST_BYTES);
      expect(body.length).toBe(MAX_MANIFEST_BYTES);
      await expectStatus(await registry.client.request('PUT', `/v2/${name}/manifests/${sha256(body)}`, { headers: { 'content-type': OCI_MANIFEST }, body }), 201);
    });

    it('one byte over 4 MiB → 413 SIZE_INVALID (announced by Content-Length)', async () => {
      await expectRefused(manifestOfSize(config, MAX_MANIFEST_BYTES + 1), OCI_MANIFEST, 413, 'SIZE_INVALID');
    });

    it('over 4 MiB with chunked transfer (no Content-Length) → 413 SIZE_INVALID', async () => {
      const body = manifestOfSize(config, MAX_MANIFEST_BYTES + 4096);
      refused.push({ tag: 'refused-chunked', body });
      const response = await rawRequest(registry.airlock.url, {
        method: 'PUT',
        path: `/v2/${name}/manifests/refused-chunked`,
        headers: { authorization: basicAuth(ADMIN), 'content-type': OCI_MANIFEST, 'transfer-encoding': 'chunked' },
        body,
      });
      expect(response.status).toBe(413);
      expect(JSON.parse(response.body.toString('utf8')).errors[0].code).toBe('SIZE_INVALID');
    });
  });

  describe('malformed documents → 400 MANIFEST_INVALID', () => {
    it.each([
      ['truncated JSON', '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json"'],
      ['a JSON array', '[]'],
      ['JSON null', 'null'],
      ['an empty body', ''],
      ['not JSON at all', '\u0000\u00ff garbage'],
      ['schemaVersion 3', JSON.stringify({ schemaVersion: 3, mediaType: OCI_MANIFEST, config: {}, layers: [] })],
      ['no config', JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, layers: [] })],
      ['layers that are not a list', JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: blobDescriptor(OCI_CONFIG, randomBytes(2)), layers: {} })],
      ['a descriptor with a malformed digest', JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: { mediaType: OCI_CONFIG, digest: 'sha256:nothex', size: 2 }, layers: [] })],
      ['a descriptor with a negative size', JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: { mediaType: OCI_CONFIG, digest: sha256('{}'), size: -2 }, layers: [] })],
      ['a descriptor without mediaType', JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: { digest: sha256('{}'), size: 2 }, layers: [] })],
      ['an index whose manifests are not a list', JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: 'none' })],
      ['a mediaType that is not a string', JSON.stringify({ schemaVersion: 2, mediaType: 7, config: blobDescriptor(OCI_CONFIG, randomBytes(2)), layers: [] })],
    ])('%s', async (_label, body) => {
      await expectRefused(Buffer.from(body), OCI_MANIFEST, 400, 'MANIFEST_INVALID');
    });
  });

  describe('media types', () => {
    it('an unknown manifest media type (header or body) → 400 MANIFEST_INVALID', async () => {
      const document = { schemaVersion: 2, config: blobDescriptor(OCI_CONFIG, config), layers: [] };
      await expectRefused(json(document), 'application/vnd.example.manifest.v1+json', 400, 'MANIFEST_INVALID');
      await expectRefused(json({ ...document, mediaType: 'application/vnd.example.manifest.v1+json' }), 'application/json', 400, 'MANIFEST_INVALID');
    });

    it.each([
      ['signed, by Content-Type', SCHEMA1_SIGNED],
      ['unsigned, by Content-Type', SCHEMA1],
      ['by schemaVersion 1 alone', 'application/json'],
    ])('Docker schema 1 (%s) → 400 MANIFEST_INVALID', async (_label, contentType) => {
      // The spec is silent; this is what CNCF distribution answers.
      const schema1 = { schemaVersion: 1, name, tag: 'v1', architecture: 'amd64', fsLayers: [{ blobSum: sha256(layer) }], history: [{ v1Compatibility: '{}' }] };
      const body = await expectRefused(json(schema1), contentType, 400, 'MANIFEST_INVALID');
      expect(body?.errors[0]?.message).toContain('schema 1');
    });

    it('a body mediaType that contradicts Content-Type → 400 MANIFEST_INVALID', async () => {
      const other = variant();
      await expectRefused(other.body, OCI_INDEX, 400, 'MANIFEST_INVALID');
      await expectRefused(other.body, DOCKER_MANIFEST, 400, 'MANIFEST_INVALID');
      await expectRefused(indexContent([image]).body, OCI_MANIFEST, 400, 'MANIFEST_INVALID');
    });
  });

  describe('references the repository cannot satisfy', () => {
    it.each([
      ['a missing config', () => imageContent({ layers: [layer] })],
      ['a missing layer', () => variant({ layers: [layer, randomBytes(64)] })],
      ['a missing index child', () => indexContent([image, variant()])],
    ])('%s → 400 MANIFEST_BLOB_UNKNOWN naming the digest', async (_label, build) => {
      const content = build();
      const body = await expectRefused(content.body, content.mediaType, 400, 'MANIFEST_BLOB_UNKNOWN');
      expect(JSON.stringify(body?.errors[0]?.detail)).toMatch(/sha256:[0-9a-f]{64}/);
    });

    it('a blob that only another repository holds → 400 MANIFEST_BLOB_UNKNOWN (no cross-repository leaks)', async () => {
      const elsewhere = randomBytes(128);
      await registry.client.pushBlob(registry.repo('other'), elsewhere);
      const content = variant({ layers: [elsewhere] });
      await expectRefused(content.body, content.mediaType, 400, 'MANIFEST_BLOB_UNKNOWN');
    });

    it.each([
      ['the config', () => variant(), (doc: ManifestDocument) => doc.config && (doc.config.size += 1)],
      ['a layer', () => variant(), (doc: ManifestDocument) => doc.layers?.[0] && (doc.layers[0].size -= 1)],
      ['an index child', () => indexContent([image]), (doc: ManifestDocument) => doc.manifests?.[0] && (doc.manifests[0].size += 10)],
    ])('a wrong size for %s → 400 MANIFEST_INVALID', async (_label, build, corrupt) => {
      const content = build();
      const document = JSON.parse(content.body.toString('utf8')) as ManifestDocument;
      expect(corrupt(document)).toBeTruthy();
      await expectRefused(json(document), content.mediaType, 400, 'MANIFEST_INVALID');
    });

    it('embedded data that does not match its descriptor → 400 MANIFEST_INVALID', async () => {
      const content = variant({ descriptorExtra: { data: Buffer.from('not the config').toString('base64') } });
      await expectRefused(content.body, content.mediaType, 400, 'MANIFEST_INVALID');
    });
  });

  describe('tags', () => {
    it.each([
      ['a leading dot', '.hidden'],
      ['a leading dash', '-v1'],
      ['a character outside [A-Za-z0-9_.-]', 'v1+build'],
      ['129 characters', `v${'1'.repeat(128)}`],
    ])('a tag with %s → 400 TAG_INVALID, by path and by ?tag=', async (_label, tag) => {
      const path = encodeURIComponent(tag);
      await expectRegistryError(await registry.client.request('PUT', `/v2/${name}/manifests/${path}`, { headers: { 'content-type': OCI_MANIFEST }, body: image.body }), 400, 'TAG_INVALID');
      await expectRegistryError(await registry.client.request('PUT', `/v2/${name}/manifests/${image.digest}?tag=ok&tag=${path}`, { headers: { 'content-type': OCI_MANIFEST }, body: image.body }), 400, 'TAG_INVALID');
      await expectRegistryError(await registry.client.request('HEAD', `/v2/${name}/manifests/ok`), 404, 'MANIFEST_UNKNOWN', 'HEAD');
    });
  });

  it('afterwards no refused manifest or tag is visible, and the repository still works', async () => {
    for (const { tag, body } of refused) {
      await expectRegistryError(await registry.client.request('HEAD', `/v2/${name}/manifests/${tag}`), 404, 'MANIFEST_UNKNOWN', 'HEAD');
      await expectRegistryError(await registry.client.request('HEAD', `/v2/${name}/manifests/${sha256(body)}`), 404, 'MANIFEST_UNKNOWN', 'HEAD');
    }
    expect((await expectJson<{ tags: string[] }>(await registry.client.request('GET', `/v2/${name}/tags/list`))).tags).toEqual([]);
    const referrers = await expectJson<{ manifests: unknown[] }>(await registry.client.request('GET', `/v2/${name}/referrers/${image.digest}`));
    expect(referrers.manifests).toEqual([]);
    await expectStatus(await registry.client.request('PUT', `/v2/${name}/manifests/good`, { headers: { 'content-type': OCI_MANIFEST }, body: variant().body }), 201);
  });
});
