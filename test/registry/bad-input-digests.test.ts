/**
 * Invalid or unsupported digests, Content-Length and Content-Range that
 * disagree with the body, digest mismatches and unknown upload sessions: each
 * answered with the distribution spec's code and status, never a 500, and
 * nothing stored or left behind (no blob, no orphaned upload session).
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ADMIN, basicAuth } from '../helpers/airlock.js';
import { rawRequest } from '../helpers/raw-http.js';
import { expectRegistryError, expectStatus } from '../helpers/registry-assertions.js';
import { OCI_MANIFEST, sha256, withQuery } from '../helpers/registry-client.js';
import { useRegistry } from '../helpers/registry-fixture.js';
import { registryState, settledState } from '../helpers/registry-state.js';
import { DATABASE_ENGINES } from '../helpers/test-database.js';

const AUTH = { authorization: basicAuth(ADMIN) };
const OCTETS = { 'content-type': 'application/octet-stream' };
const HEX = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

const INVALID_DIGESTS: Array<[string, string]> = [
  ['an unsupported algorithm (md5)', 'md5:d41d8cd98f00b204e9800998ecf8427e'],
  ['an unregistered algorithm (sha1)', 'sha1:da39a3ee5e6b4b0d3255bfef95601890afd80709'],
  ['sha256 with too few characters', 'sha256:abc'],
  ['sha256 with too many characters', `sha256:${HEX}0`],
  ['sha256 in uppercase hex', `sha256:${HEX.toUpperCase()}`],
  ['sha256 with non-hex characters', `sha256:${'g'.repeat(64)}`],
  ['sha512 with a sha256 length', `sha512:${HEX}`],
  ['sha256:totallywrong', 'sha256:totallywrong'],
  ['no algorithm', `:${HEX}`],
  ['no separator', `sha256${HEX}`],
];

describe.each(DATABASE_ENGINES)('bad input: digests, lengths and ranges (%s)', (engine) => {
  const registry = useRegistry(engine, 'digests');
  const name = registry.repo('app');
  const blob = randomBytes(512);

  it.each(INVALID_DIGESTS)('%s → 400 DIGEST_INVALID wherever a digest is taken, and no orphaned upload', async (_label, digest) => {
    const before = await registryState(registry.airlock);
    const path = encodeURIComponent(digest);
    const targets = [`/v2/${name}/blobs/${path}`, `/v2/${name}/referrers/${path}`];
    // Without a colon a manifest reference is a tag by the spec's grammar, so only digest-shaped ones are checked there.
    const manifestTarget = digest.includes(':') ? `/v2/${name}/manifests/${path}` : undefined;
    for (const target of [...targets, ...(manifestTarget ? [manifestTarget] : [])]) {
      await expectRegistryError(await registry.client.request('GET', target), 400, 'DIGEST_INVALID');
      if (!target.includes('/referrers/')) await expectRegistryError(await registry.client.request('DELETE', target), 400, 'DIGEST_INVALID');
    }
    await expectRegistryError(await registry.client.request('HEAD', `/v2/${name}/blobs/${path}`), 400, 'DIGEST_INVALID', 'HEAD');
    if (manifestTarget) {
      const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: { mediaType: 'a/b', digest: sha256('x'), size: 1 }, layers: [] }));
      await expectRegistryError(await registry.client.request('PUT', manifestTarget, { headers: { 'content-type': OCI_MANIFEST }, body: manifest }), 400, 'DIGEST_INVALID');
    }
    const monolithic = await registry.client.request('POST', `/v2/${name}/blobs/uploads/?digest=${path}`, { headers: OCTETS, body: blob });
    await expectRegistryError(monolithic, 400, 'DIGEST_INVALID');
    expect(await registryState(registry.airlock)).toEqual(before);

    const location = await registry.client.startUpload(name);
    await expectRegistryError(await registry.client.request('PUT', withQuery(location, { digest }), { headers: OCTETS, body: blob }), 400, 'DIGEST_INVALID');
    await expectRegistryError(await registry.client.request('HEAD', `/v2/${name}/blobs/${sha256(blob)}`), 404, 'BLOB_UNKNOWN', 'HEAD');
    await registry.client.request('DELETE', location);
  });

  it('an invalid ?mount= digest falls back to a plain upload session (202), as the spec asks', async () => {
    const response = await registry.client.request('POST', `/v2/${name}/blobs/uploads/?mount=md5:d41d8cd98f00b204e9800998ecf8427e&from=${name}`);
    await expectStatus(response, 202);
    expect(response.headers.get('location')).toMatch(new RegExp(`^/v2/${name}/blobs/uploads/`));
    await registry.client.request('DELETE', response.headers.get('location') as string);
  });

  it('PUT ?digest= of other content → 400 DIGEST_INVALID; neither digest becomes visible', async () => {
    const other = sha256(randomBytes(16));
    const before = await registryState(registry.airlock);
    await expectRegistryError(await registry.client.request('POST', `/v2/${name}/blobs/uploads/?digest=${other}`, { headers: OCTETS, body: blob }), 400, 'DIGEST_INVALID');
    // A failed monolithic POST leaves no session behind: the client never learnt its Location.
    expect(await registryState(registry.airlock)).toEqual(before);
    await expectRegistryError(await registry.client.putBlob(name, blob, other), 400, 'DIGEST_INVALID');
    for (const digest of [other, sha256(blob)]) await expectRegistryError(await registry.client.request('HEAD', `/v2/${name}/blobs/${digest}`), 404, 'BLOB_UNKNOWN', 'HEAD');
  });

  it('PUT without ?digest= → 400 DIGEST_INVALID, and the upload can still be finished correctly', async () => {
    const location = await registry.client.startUpload(name);
    await expectRegistryError(await registry.client.request('PUT', location, { headers: OCTETS, body: blob }), 400, 'DIGEST_INVALID');
    await expectRegistryError(await registry.client.request('HEAD', `/v2/${name}/blobs/${sha256(blob)}`), 404, 'BLOB_UNKNOWN', 'HEAD');
  });

  it('Content-Length shorter than the body → 400 (the rest is not a request), no blob and no session left', async () => {
    const before = await registryState(registry.airlock);
    const response = await rawRequest(registry.airlock.url, {
      method: 'POST',
      path: `/v2/${name}/blobs/uploads/?digest=${sha256(blob)}`,
      headers: { ...AUTH, ...OCTETS, 'content-length': String(blob.length - 100) },
      body: blob,
    });
    // Either the registry (DIGEST_INVALID: only the announced bytes were hashed) or the HTTP layer (the leftover bytes
    // are not a request) answers first; both are 400, neither may store anything.
    expect(response.status).toBe(400);
    expect(await settledState(registry.airlock, before)).toEqual(before);
    await expectRegistryError(await registry.client.request('HEAD', `/v2/${name}/blobs/${sha256(blob)}`), 404, 'BLOB_UNKNOWN', 'HEAD');
    await expectRegistryError(await registry.client.request('HEAD', `/v2/${name}/blobs/${sha256(blob.subarray(0, blob.length - 100))}`), 404, 'BLOB_UNKNOWN', 'HEAD');
    await expectStatus(await registry.client.request('GET', '/v2/'), 200);
  });

  it('Content-Range covering more or fewer bytes than Content-Length → 416, nothing appended', async () => {
    const location = await registry.client.startUpload(name);
    for (const range of ['0-1023', '0-99']) {
      const response = await registry.client.request('PATCH', location, { headers: { ...OCTETS, 'content-range': range }, body: blob });
      await expectRegistryError(response, 416, 'SIZE_INVALID');
    }
    const status = await registry.client.request('GET', location);
    await expectStatus(status, 204);
    expect(status.headers.get('range')).toBe('0-0');
    await expectRegistryError(await registry.client.request('PUT', withQuery(location, { digest: sha256(blob) }), { headers: { ...OCTETS, 'content-range': '0-99' }, body: blob }), 416, 'SIZE_INVALID');
    await expectRegistryError(await registry.client.request('HEAD', `/v2/${name}/blobs/${sha256(blob)}`), 404, 'BLOB_UNKNOWN', 'HEAD');
  });

  it('a malformed Content-Range → 416 BLOB_UPLOAD_INVALID with the resume Range', async () => {
    const location = await registry.client.startUpload(name);
    for (const range of ['garbage', 'bytes=0-10', '10-5', '-5', '0-']) {
      const response = await registry.client.request('PATCH', location, { headers: { ...OCTETS, 'content-range': range }, body: blob });
      await expectRegistryError(response, 416, 'BLOB_UPLOAD_INVALID');
    }
    expect((await registry.client.request('GET', location)).headers.get('range')).toBe('0-0');
  });

  it('a chunked body shorter than its Content-Range → 400 SIZE_INVALID, and the blob never becomes visible', async () => {
    const location = await registry.client.startUpload(name);
    const response = await rawRequest(registry.airlock.url, {
      method: 'PATCH',
      path: location,
      headers: { ...AUTH, ...OCTETS, 'content-range': '0-1023', 'transfer-encoding': 'chunked' },
      body: blob,
    });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body.toString('utf8')).errors[0].code).toBe('SIZE_INVALID');
    await expectRegistryError(await registry.client.request('PUT', withQuery(location, { digest: sha256(Buffer.concat([blob, blob])) })), 400, 'DIGEST_INVALID');
    await expectRegistryError(await registry.client.request('HEAD', `/v2/${name}/blobs/${sha256(blob)}`), 404, 'BLOB_UNKNOWN', 'HEAD');
  });

  it.each([
    ['an unknown session id', () => `/v2/${name}/blobs/uploads/00000000-0000-0000-0000-000000000000`],
    ['a path-like session id', () => `/v2/${name}/blobs/uploads/..%2F..%2Fblobs`],
  ])('%s → 404 BLOB_UPLOAD_UNKNOWN for GET, PATCH, PUT and DELETE', async (_label, path) => {
    for (const method of ['GET', 'PATCH', 'PUT', 'DELETE']) {
      const target = method === 'PUT' ? withQuery(path(), { digest: sha256(blob) }) : path();
      await expectRegistryError(await registry.client.request(method, target, method === 'GET' || method === 'DELETE' ? {} : { headers: OCTETS, body: blob }), 404, 'BLOB_UPLOAD_UNKNOWN');
    }
  });

  it("another repository's session → 404 BLOB_UPLOAD_UNKNOWN, its bytes untouched", async () => {
    const location = await registry.client.startUpload(name);
    await expectStatus(await registry.client.request('PATCH', location, { headers: OCTETS, body: blob }), 202);
    const foreign = location.replace(name, registry.repo('other'));
    await expectRegistryError(await registry.client.request('PUT', withQuery(foreign, { digest: sha256(blob) })), 404, 'BLOB_UPLOAD_UNKNOWN');
    await expectRegistryError(await registry.client.request('HEAD', `/v2/${registry.repo('other')}/blobs/${sha256(blob)}`), 404, 'BLOB_UNKNOWN', 'HEAD');
    await expectStatus(await registry.client.request('PUT', withQuery(location, { digest: sha256(blob) })), 201);
  });

  it('afterwards the server holds no session it did not hand out', async () => {
    const state = await settledState(registry.airlock, await registryState(registry.airlock));
    expect(state.uploadSessions).toBe(state.uploadFiles);
  });
});
