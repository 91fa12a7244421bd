/**
 * Racing and vanishing clients: many parallel pushes of the same blob or to the
 * same tag (last write wins, nothing torn), and clients that disconnect in the
 * middle of a blob PATCH/PUT/POST or a manifest PUT. Afterwards no partial
 * blob or tag is visible, no unreachable upload session is left, an interrupted
 * chunked upload can be resumed, and the server keeps serving.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { ADMIN, basicAuth } from '../helpers/airlock.js';
import { imageContent } from '../helpers/oci-content.js';
import { abandonRequest } from '../helpers/raw-http.js';
import { expectJson, expectRegistryError, expectStatus } from '../helpers/registry-assertions.js';
import { OCI_MANIFEST, bodyOf, sha256, withQuery } from '../helpers/registry-client.js';
import { useRegistry } from '../helpers/registry-fixture.js';
import { registryState, settledState } from '../helpers/registry-state.js';
import { DATABASE_ENGINES } from '../helpers/test-database.js';

const PARALLEL = 20;
const OCTETS = { 'content-type': 'application/octet-stream' };
const AUTH = { authorization: basicAuth(ADMIN) };

describe.each(DATABASE_ENGINES)('bad input: concurrency and disconnects (%s)', (engine) => {
  const registry = useRegistry(engine, 'races');
  const name = registry.repo('app');
  const blobUrl = (digest: string, repository = name) => `/v2/${repository}/blobs/${digest}`;

  async function expectBlob(digest: string, blob: Buffer, repository = name) {
    const response = await registry.client.request('GET', blobUrl(digest, repository));
    expect((await expectStatus(response, 200)).equals(blob)).toBe(true);
    expect(response.headers.get('content-length')).toBe(String(blob.length));
  }

  describe('concurrent pushes', () => {
    it(`${PARALLEL} parallel monolithic uploads of the same blob → all 201, one intact blob, no session left`, async () => {
      const blob = randomBytes(256 * 1024);
      const before = await registryState(registry.airlock);
      const responses = await Promise.all(
        Array.from({ length: PARALLEL }, () => registry.client.request('POST', `/v2/${name}/blobs/uploads/?digest=${sha256(blob)}`, { headers: OCTETS, body: blob })),
      );
      for (const response of responses) await expectStatus(response, 201);
      await expectBlob(sha256(blob), blob);
      expect(await registryState(registry.airlock)).toEqual({ ...before, repositories: [name] });
    });

    it(`${PARALLEL} parallel POST+PUT uploads of the same blob into ${PARALLEL} repositories → each serves it`, async () => {
      const blob = randomBytes(64 * 1024);
      const repositories = Array.from({ length: PARALLEL }, (_, i) => registry.repo(`fan-out-${i}`));
      const responses = await Promise.all(repositories.map((repository) => registry.client.putBlob(repository, blob)));
      for (const response of responses) await expectStatus(response, 201);
      for (const repository of repositories) await expectBlob(sha256(blob), blob, repository);
    });

    it(`${PARALLEL} parallel PUTs of different manifests to one tag → all 201; the tag points at one of them, intact`, async () => {
      const base = imageContent();
      for (const blob of base.blobs) await registry.client.pushBlob(name, blob);
      const [config, layer] = base.blobs as [Buffer, Buffer];
      const images = Array.from({ length: PARALLEL }, (_, i) => imageContent({ config, layers: [layer], annotations: { 'org.example.writer': String(i) } }));
      const responses = await Promise.all(
        images.map((image) => registry.client.request('PUT', `/v2/${name}/manifests/contested`, { headers: { 'content-type': OCI_MANIFEST }, body: image.body })),
      );
      for (const response of responses) await expectStatus(response, 201);
      const byTag = await registry.client.request('GET', `/v2/${name}/manifests/contested`);
      const body = await expectStatus(byTag, 200);
      const winner = images.find((image) => image.digest === byTag.headers.get('docker-content-digest'));
      expect(winner, 'the tag points at one of the pushed digests').toBeDefined();
      expect(body.equals(winner?.body as Buffer)).toBe(true);
      expect(sha256(body)).toBe(winner?.digest);
      for (const image of images) expect((await bodyOf(await registry.client.request('GET', `/v2/${name}/manifests/${image.digest}`))).equals(image.body)).toBe(true);
      expect((await expectJson<{ tags: string[] }>(await registry.client.request('GET', `/v2/${name}/tags/list`))).tags).toEqual(['contested']);
    });

    it(`${PARALLEL} parallel PUTs of the same manifest to one tag → all 201 with the same digest`, async () => {
      const image = imageContent();
      for (const blob of image.blobs) await registry.client.pushBlob(name, blob);
      const responses = await Promise.all(
        Array.from({ length: PARALLEL }, () => registry.client.request('PUT', `/v2/${name}/manifests/same`, { headers: { 'content-type': OCI_MANIFEST }, body: image.body })),
      );
      for (const response of responses) {
        await expectStatus(response, 201);
        expect(response.headers.get('docker-content-digest')).toBe(image.digest);
      }
      expect((await bodyOf(await registry.client.request('GET', `/v2/${name}/manifests/same`))).equals(image.body)).toBe(true);
    });
  });

  describe('clients that disconnect mid-request', () => {
    const blob = randomBytes(1024 * 1024);
    const firstPart = blob.subarray(0, 256 * 1024);

    it('during a PATCH: no blob appears, and the upload resumes from the bytes the server kept', async () => {
      const location = await registry.client.startUpload(name);
      await abandonRequest(registry.airlock.url, { method: 'PATCH', path: location, headers: { ...AUTH, ...OCTETS }, body: firstPart, announcedLength: blob.length });
      await expectRegistryError(await registry.client.request('HEAD', blobUrl(sha256(blob))), 404, 'BLOB_UNKNOWN', 'HEAD');
      // The server may still be unwinding the aborted request (the session is busy until then): retry briefly.
      let resumed: Response | undefined;
      for (let attempt = 0; attempt < 50 && resumed?.status !== 202; attempt += 1) {
        if (attempt > 0) await sleep(50);
        const status = await registry.client.request('GET', location);
        await expectStatus(status, 204);
        const kept = Number(/^0-(\d+)$/.exec(status.headers.get('range') ?? '')?.[1] ?? -1) + 1;
        expect(kept).toBeLessThanOrEqual(firstPart.length);
        const offset = kept === 1 && status.headers.get('range') === '0-0' ? 0 : kept;
        resumed = await registry.client.request('PATCH', location, { headers: { ...OCTETS, 'content-range': `${offset}-${blob.length - 1}` }, body: blob.subarray(offset) });
        if (resumed.status !== 202) await expectStatus(resumed, 416);
      }
      await expectStatus(resumed as Response, 202);
      await expectStatus(await registry.client.request('PUT', withQuery(location, { digest: sha256(blob) })), 201);
      await expectBlob(sha256(blob), blob);
      await expectStatus(await registry.client.request('DELETE', blobUrl(sha256(blob))), 202);
    });

    it('during a PUT with the whole body: no blob appears, and a new upload of it succeeds', async () => {
      const other = randomBytes(1024 * 1024);
      const location = await registry.client.startUpload(name);
      await abandonRequest(registry.airlock.url, {
        method: 'PUT',
        path: withQuery(location, { digest: sha256(other) }),
        headers: { ...AUTH, ...OCTETS },
        body: other.subarray(0, 300 * 1024),
        announcedLength: other.length,
      });
      await expectRegistryError(await registry.client.request('HEAD', blobUrl(sha256(other))), 404, 'BLOB_UNKNOWN', 'HEAD');
      await expectStatus(await registry.client.putBlob(name, other), 201);
      await expectBlob(sha256(other), other);
    });

    it('during a monolithic POST ?digest=: no blob appears and no unreachable session is left', async () => {
      const other = randomBytes(1024 * 1024);
      const before = await registryState(registry.airlock);
      await abandonRequest(registry.airlock.url, {
        method: 'POST',
        path: `/v2/${name}/blobs/uploads/?digest=${sha256(other)}`,
        headers: { ...AUTH, ...OCTETS },
        body: other.subarray(0, 200 * 1024),
        announcedLength: other.length,
      });
      expect(await settledState(registry.airlock, before)).toEqual(before);
      await expectRegistryError(await registry.client.request('HEAD', blobUrl(sha256(other))), 404, 'BLOB_UNKNOWN', 'HEAD');
    });

    it('during a manifest PUT: neither the manifest nor its tag appears', async () => {
      const image = imageContent();
      for (const item of image.blobs) await registry.client.pushBlob(name, item);
      await abandonRequest(registry.airlock.url, {
        method: 'PUT',
        path: `/v2/${name}/manifests/half-sent`,
        headers: { ...AUTH, 'content-type': OCI_MANIFEST },
        body: image.body.subarray(0, 100),
        announcedLength: image.body.length,
      });
      await expectRegistryError(await registry.client.request('HEAD', `/v2/${name}/manifests/half-sent`), 404, 'MANIFEST_UNKNOWN', 'HEAD');
      await expectRegistryError(await registry.client.request('HEAD', `/v2/${name}/manifests/${image.digest}`), 404, 'MANIFEST_UNKNOWN', 'HEAD');
    });

    it('afterwards the server still serves: ping, and a full image push and pull', async () => {
      await expectStatus(await registry.client.request('GET', '/v2/'), 200);
      const { digest, blobs } = await registry.client.pushImage(name, 'after-disconnects');
      const manifest = await registry.client.request('GET', `/v2/${name}/manifests/after-disconnects`);
      await expectStatus(manifest, 200);
      expect(manifest.headers.get('docker-content-digest')).toBe(digest);
      for (const item of blobs) await expectBlob(sha256(item), item);
    });
  });
});
