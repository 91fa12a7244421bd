/**
 * Invalid repository names on every registry endpoint: 400 NAME_INVALID
 * (distribution spec: names match
 * `[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*`,
 * at most 255 characters), never a 500, and nothing stored. Requests go out
 * through node:http so paths such as `..` reach the server unnormalised.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ADMIN, basicAuth } from '../helpers/airlock.js';
import { imageContent } from '../helpers/oci-content.js';
import { rawRequest, type RawResponse } from '../helpers/raw-http.js';
import { expectRegistryError, expectStatus } from '../helpers/registry-assertions.js';
import { OCI_MANIFEST, sha256 } from '../helpers/registry-client.js';
import { useRegistry } from '../helpers/registry-fixture.js';
import { filesMatching, registryState } from '../helpers/registry-state.js';
import { DATABASE_ENGINES } from '../helpers/test-database.js';

const AUTH = { authorization: basicAuth(ADMIN) };
const longName = (length: number) => `quarantine/names/${'a'.repeat(length - 'quarantine/names/'.length)}`;

/** Raw path prefixes (after /v2/) that do not name a valid repository. */
const INVALID_NAMES: Array<[string, string]> = [
  ['a .. component', 'quarantine/names/../escape'],
  ['a percent-encoded .. component', 'quarantine/names/%2e%2e/escape'],
  ['an uppercase percent-encoded .. component', 'quarantine/names/%2E%2E/escape'],
  ['a . component', 'quarantine/names/./escape'],
  ['uppercase letters', 'quarantine/Names/App'],
  ['an absolute-looking path', '/etc/passwd'],
  ['an empty component', 'quarantine/names//app'],
  ['a trailing separator', 'quarantine/names/app-'],
  ['a doubled dot separator', 'quarantine/names/a..b'],
  ['a NUL byte', 'quarantine/names/app%00'],
  ['a non-ASCII letter', 'quarantine/names/%C3%A1pp'],
  ['a space', 'quarantine/names/my%20app'],
  ['256 characters', longName(256)],
];

describe.each(DATABASE_ENGINES)('bad input: repository names (%s)', (engine) => {
  const registry = useRegistry(engine, 'names');
  const image = imageContent();
  const layer = image.blobs[1] as Buffer;

  async function expectNameInvalid(response: RawResponse) {
    expect(response.status, response.body.toString('utf8')).toBe(400);
    const body = JSON.parse(response.body.toString('utf8')) as { errors: Array<{ code: string }> };
    expect(body.errors[0]?.code).toBe('NAME_INVALID');
  }

  it.each(INVALID_NAMES)('a name with %s → 400 NAME_INVALID on every endpoint', async (_label, name) => {
    const base = registry.airlock.url;
    const requests: Array<{ method: string; path: string; headers?: Record<string, string>; body?: Buffer }> = [
      { method: 'GET', path: `/v2/${name}/manifests/latest` },
      { method: 'PUT', path: `/v2/${name}/manifests/latest`, headers: { 'content-type': OCI_MANIFEST }, body: image.body },
      { method: 'DELETE', path: `/v2/${name}/manifests/${image.digest}` },
      { method: 'GET', path: `/v2/${name}/blobs/${sha256(layer)}` },
      { method: 'DELETE', path: `/v2/${name}/blobs/${sha256(layer)}` },
      { method: 'POST', path: `/v2/${name}/blobs/uploads/?digest=${sha256(layer)}`, headers: { 'content-type': 'application/octet-stream' }, body: layer },
      { method: 'POST', path: `/v2/${name}/blobs/uploads/` },
      { method: 'PATCH', path: `/v2/${name}/blobs/uploads/${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}`, body: layer },
      { method: 'GET', path: `/v2/${name}/tags/list` },
      { method: 'GET', path: `/v2/${name}/referrers/${image.digest}` },
    ];
    for (const request of requests) {
      await expectNameInvalid(await rawRequest(base, { ...request, headers: { ...AUTH, ...request.headers } }));
    }
    // The HEAD variant carries the status only.
    expect((await rawRequest(base, { method: 'HEAD', path: `/v2/${name}/manifests/latest`, headers: AUTH })).status).toBe(400);
  });

  it('a mount from an invalid repository name falls back to an upload session (202), mounting nothing', async () => {
    const source = registry.repo('mount-source');
    const digest = await registry.client.pushBlob(source, randomBytes(64));
    const target = registry.repo('mount-target');
    const response = await registry.client.request('POST', `/v2/${target}/blobs/uploads/?mount=${digest}&from=${encodeURIComponent('quarantine/names/../mount-source')}`);
    await expectStatus(response, 202);
    await expectRegistryError(await registry.client.request('HEAD', `/v2/${target}/blobs/${digest}`), 404, 'BLOB_UNKNOWN', 'HEAD');
  });

  it('a 255-character name is valid: the boundary is exact', async () => {
    const name = longName(255);
    const response = await registry.client.request('POST', `/v2/${name}/blobs/uploads/?digest=${sha256(layer)}`, { body: layer });
    await expectStatus(response, 201);
  });

  it('afterwards nothing became visible: only the valid repositories exist, no file carries a rejected name', async () => {
    const state = await registryState(registry.airlock);
    // mount-target only has an open upload session, which does not create a repository.
    expect(state.repositories).toEqual([longName(255), registry.repo('mount-source')].sort());
    const catalog = (await (await registry.client.request('GET', '/v2/_catalog')).json()) as { repositories: string[] };
    expect(catalog.repositories).toEqual(state.repositories);
    for (const fragment of ['escape', 'passwd', 'Names']) expect(await filesMatching(registry.airlock, fragment)).toEqual([]);
    await expectRegistryError(await registry.client.request('GET', `/v2/quarantine/names/escape/manifests/latest`), 404, 'MANIFEST_UNKNOWN');
    await expectRegistryError(await registry.client.request('GET', `/v2/quarantine/names/escape/blobs/${sha256(layer)}`), 404, 'BLOB_UNKNOWN');
  });
});
