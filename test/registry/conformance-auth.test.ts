/**
 * Authentication as the conformance suites drive it (CHECKLIST.md preamble):
 * a 401 with `WWW-Authenticate: Bearer realm,service,scope` → GET the realm
 * with Basic credentials and the scope → retry with the Bearer token; pull and
 * push both work that way, and a token never grants more than its scope.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ADMIN, basicAuth } from '../helpers/airlock.js';
import { imageContent } from '../helpers/oci-content.js';
import { expectRegistryError, expectStatus } from '../helpers/registry-assertions.js';
import { OCI_MANIFEST, parseChallenge, sha256, withQuery } from '../helpers/registry-client.js';
import { useRegistry } from '../helpers/registry-fixture.js';
import { DATABASE_ENGINES } from '../helpers/test-database.js';
import { requestToken } from '../helpers/token-flow.js';

describe.each(DATABASE_ENGINES)('OCI conformance: token authentication (%s)', (engine) => {
  const registry = useRegistry(engine);
  const name = registry.repo('auth');
  const anonymous = () => registry.client.withAuthorization(undefined);

  /** Runs the challenge → token → retry dance for one request. @returns the retried response. */
  async function withTokenFlow(method: string, path: string, init: { headers?: Record<string, string>; body?: Buffer } = {}): Promise<Response> {
    const challenged = await anonymous().request(method, path, init);
    await expectRegistryError(challenged, 401, 'UNAUTHORIZED', method);
    const { response, token } = await requestToken(challenged.headers.get('www-authenticate'), basicAuth(ADMIN));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(token?.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    return registry.client.withAuthorization(`Bearer ${token?.token}`).request(method, path, init);
  }

  it('GET /v2/ without credentials → 401 naming the realm and service; the token flow then answers 200', async () => {
    const response = await anonymous().request('GET', '/v2/');
    await expectRegistryError(response, 401, 'UNAUTHORIZED');
    const challenge = parseChallenge(response.headers.get('www-authenticate'));
    expect(challenge.realm).toBe(`${registry.airlock.url}/auth/token`);
    expect(challenge.service).toBeTruthy();
    expect(challenge.scope).toBeUndefined();
    await expectStatus(await withTokenFlow('GET', '/v2/'), 200);
  });

  it('a pull is challenged with scope repository:<name>:pull and succeeds with the token', async () => {
    const image = imageContent();
    for (const blob of image.blobs) await registry.client.pushBlob(name, blob);
    await registry.client.pushManifest(name, 'v1', image.body, OCI_MANIFEST);
    const challenged = await anonymous().request('GET', `/v2/${name}/manifests/v1`);
    expect(parseChallenge(challenged.headers.get('www-authenticate')).scope).toBe(`repository:${name}:pull`);
    const response = await withTokenFlow('GET', `/v2/${name}/manifests/v1`);
    expect((await expectStatus(response, 200)).equals(image.body)).toBe(true);
  });

  it('a push is challenged with scope repository:<name>:pull,push; upload and manifest PUT succeed with the token', async () => {
    const blob = randomBytes(256);
    const post = await withTokenFlow('POST', `/v2/${name}/blobs/uploads/`);
    await expectStatus(post, 202);
    const challenged = await anonymous().request('PUT', withQuery(post.headers.get('location') as string, { digest: sha256(blob) }), { body: blob });
    expect(parseChallenge(challenged.headers.get('www-authenticate')).scope).toBe(`repository:${name}:pull,push`);
    await expectStatus(await withTokenFlow('PUT', withQuery(post.headers.get('location') as string, { digest: sha256(blob) }), { body: blob }), 201);
    const image = imageContent({ layers: [blob] });
    await registry.client.pushBlob(name, image.blobs[0] as Buffer);
    const put = await withTokenFlow('PUT', `/v2/${name}/manifests/token-pushed`, { headers: { 'content-type': OCI_MANIFEST }, body: image.body });
    await expectStatus(put, 201);
    expect(put.headers.get('docker-content-digest')).toBe(image.digest);
  });

  it('a token scoped to pull cannot push: 401 with error="insufficient_scope"', async () => {
    const challenged = await anonymous().request('GET', `/v2/${name}/tags/list`);
    const { token } = await requestToken(challenged.headers.get('www-authenticate'), basicAuth(ADMIN));
    const response = await registry.client.withAuthorization(`Bearer ${token?.token}`).request('POST', `/v2/${name}/blobs/uploads/`);
    await expectRegistryError(response, 401, 'UNAUTHORIZED');
    const challenge = parseChallenge(response.headers.get('www-authenticate'));
    expect(challenge.error).toBe('insufficient_scope');
    expect(challenge.scope).toBe(`repository:${name}:pull,push`);
  });

  it('the realm refuses missing or wrong credentials (401), and the registry refuses a forged token (invalid_token)', async () => {
    const challenged = await anonymous().request('GET', `/v2/${name}/tags/list`);
    const header = challenged.headers.get('www-authenticate');
    expect((await requestToken(header)).response.status).toBe(401);
    expect((await requestToken(header, basicAuth({ username: ADMIN.username, password: 'wrong-password' }))).response.status).toBe(401);
    const forged = await registry.client.withAuthorization('Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJl').request('GET', `/v2/${name}/tags/list`);
    await expectRegistryError(forged, 401, 'UNAUTHORIZED');
    expect(parseChallenge(forged.headers.get('www-authenticate')).error).toBe('invalid_token');
  });
});
