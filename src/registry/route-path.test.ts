import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { AirlockError } from '../errors/index.js';
import { parseRegistryPath, type RegistryRoute } from './route-path.js';
import { thrown } from '../../test/helpers/thrown.js';

const DIGEST = 'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

function refusal(pathname: string): AirlockError {
  return thrown(AirlockError, () => parseRegistryPath(pathname), `parseRegistryPath(${pathname})`);
}

describe('parseRegistryPath', () => {
  it.each<[string, RegistryRoute]>([
    ['/v2', { resource: 'base' }],
    ['/v2/', { resource: 'base' }],
    ['/v2/_catalog', { resource: 'catalog' }],
    ['/v2/alpine/tags/list', { resource: 'tags', name: 'alpine' }],
    ['/v2/quarantine/payments/api/tags/list', { resource: 'tags', name: 'quarantine/payments/api' }],
    ['/v2/payments/api/manifests/1.0', { resource: 'manifest', name: 'payments/api', reference: '1.0' }],
    [`/v2/payments/api/manifests/${DIGEST}`, { resource: 'manifest', name: 'payments/api', reference: DIGEST }],
    [`/v2/payments/api/blobs/${DIGEST}`, { resource: 'blob', name: 'payments/api', digest: DIGEST }],
    ['/v2/payments/api/blobs/uploads/', { resource: 'upload', name: 'payments/api', uploadId: undefined }],
    ['/v2/payments/api/blobs/uploads', { resource: 'upload', name: 'payments/api' }],
    ['/v2/payments/api/blobs/uploads/3f2a9c1e-7b4d', { resource: 'upload', name: 'payments/api', uploadId: '3f2a9c1e-7b4d' }],
    [`/v2/payments/api/referrers/${DIGEST}`, { resource: 'referrers', name: 'payments/api', digest: DIGEST }],
  ])('%s', (pathname, route) => {
    expect(parseRegistryPath(pathname)).toEqual(route);
  });

  describe('names that contain the route words are matched from the end', () => {
    it.each<[string, RegistryRoute]>([
      ['/v2/blobs/manifests/latest', { resource: 'manifest', name: 'blobs', reference: 'latest' }],
      ['/v2/manifests/manifests/manifests', { resource: 'manifest', name: 'manifests', reference: 'manifests' }],
      [`/v2/team/blobs/blobs/${DIGEST}`, { resource: 'blob', name: 'team/blobs', digest: DIGEST }],
      ['/v2/tags/tags/list', { resource: 'tags', name: 'tags' }],
      ['/v2/tags/list/tags/list', { resource: 'tags', name: 'tags/list' }],
      ['/v2/a/manifests/b/tags/list', { resource: 'tags', name: 'a/manifests/b' }],
      ['/v2/uploads/blobs/uploads/', { resource: 'upload', name: 'uploads', uploadId: undefined }],
      ['/v2/x/blobs/blobs/uploads', { resource: 'upload', name: 'x/blobs' }],
      ['/v2/blobs/uploads/blobs/uploads/abc', { resource: 'upload', name: 'blobs/uploads', uploadId: 'abc' }],
      [`/v2/r/blobs/uploads/blobs/${DIGEST}`, { resource: 'blob', name: 'r/blobs/uploads', digest: DIGEST }],
      ['/v2/referrers/manifests/v1', { resource: 'manifest', name: 'referrers', reference: 'v1' }],
    ])('%s', (pathname, route) => {
      expect(parseRegistryPath(pathname)).toEqual(route);
    });

    it('but _catalog is only the catalog on its own, never a repository name', () => {
      expect(refusal('/v2/_catalog/tags/list').code).toBe('NAME_INVALID');
    });
  });

  it.each(['/', '/v1/', '/v2x', '/v3/alpine/tags/list', '/v2/alpine', '/v2/alpine/tags', '/v2/alpine/list', '/v2/manifests/latest', '/v2/blobs/uploads', '/v2/alpine/unknown/x', '/v2/_catalog/x'])(
    '%s is not a registry route',
    (pathname) => {
      expect(parseRegistryPath(pathname)).toBeUndefined();
    },
  );

  describe('percent-encoded paths are decoded per segment', () => {
    it('decodes the digest and reference', () => {
      expect(parseRegistryPath(`/v2/alpine/blobs/${DIGEST.replace(':', '%3A')}`)).toEqual({ resource: 'blob', name: 'alpine', digest: DIGEST });
      expect(parseRegistryPath('/v2/alpine/manifests/v1%2E0')).toEqual({ resource: 'manifest', name: 'alpine', reference: 'v1.0' });
    });

    it('decodes route words', () => {
      expect(parseRegistryPath('/v2/alpine/%6Danifests/latest')).toEqual({ resource: 'manifest', name: 'alpine', reference: 'latest' });
      expect(parseRegistryPath('/v2/alpine/tags/%6C%69%73%74')).toEqual({ resource: 'tags', name: 'alpine' });
    });

    it('decodes an encoded slash into the same name as a plain one', () => {
      expect(parseRegistryPath('/v2/quarantine%2Fpayments%2Fapi/manifests/1')).toEqual({ resource: 'manifest', name: 'quarantine/payments/api', reference: '1' });
    });

    it('refuses invalid percent-encoding as NAME_INVALID', () => {
      const error = refusal('/v2/alpine%zz/manifests/latest');
      expect(error.code).toBe('NAME_INVALID');
      expect(error.status).toBe(400);
      expect(error.message).toBe('the request path is not valid percent-encoding');
      expect(refusal('/v2/alpine/manifests/%E0%A4%A').code).toBe('NAME_INVALID');
    });

    it('refuses names that only look valid once decoded into uppercase or spaces', () => {
      expect(refusal('/v2/%41lpine/manifests/latest').code).toBe('NAME_INVALID');
      expect(refusal('/v2/al%20pine/manifests/latest').code).toBe('NAME_INVALID');
    });
  });

  describe('dot segments never become part of a name', () => {
    it.each([
      '/v2/../manifests/latest',
      '/v2/../secret/manifests/latest',
      '/v2/quarantine/payments/../../etc/blobs/uploads/',
      '/v2/a/./b/tags/list',
      '/v2/%2e%2e/x/manifests/latest',
      '/v2/a/%2E%2E/b/blobs/x',
      '/v2/a%2F..%2Fb/manifests/latest',
      '/v2/a//b/manifests/latest',
      '/v2//manifests/latest',
    ])('%s is NAME_INVALID', (pathname) => {
      const error = refusal(pathname);
      expect(error.code).toBe('NAME_INVALID');
      expect(error.status).toBe(400);
    });
  });

  describe('properties', () => {
    const word = fc.oneof(
      fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'), minLength: 1, maxLength: 6 }),
      fc.constantFrom('blobs', 'manifests', 'tags', 'list', 'uploads', 'referrers', 'v2'),
    );
    const name = fc.array(word, { minLength: 1, maxLength: 5 }).map((parts) => parts.join('/'));
    const tag = fc.oneof(fc.stringMatching(/^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,20}$/), fc.constantFrom('list', 'uploads', 'blobs', 'manifests'));
    const uploadId = fc.uuid();
    const encode = (pathname: string) => pathname.split('/').map(encodeURIComponent).join('/');

    it('finds the name and resource of every route, whatever words the name contains, encoded or not', () => {
      fc.assert(
        fc.property(name, tag, uploadId, fc.boolean(), (n, t, id, encoded) => {
          const parse = (pathname: string) => parseRegistryPath(encoded ? encode(pathname) : pathname);
          expect(parse(`/v2/${n}/manifests/${t}`)).toEqual({ resource: 'manifest', name: n, reference: t });
          expect(parse(`/v2/${n}/blobs/${DIGEST}`)).toEqual({ resource: 'blob', name: n, digest: DIGEST });
          expect(parse(`/v2/${n}/referrers/${DIGEST}`)).toEqual({ resource: 'referrers', name: n, digest: DIGEST });
          expect(parse(`/v2/${n}/tags/list`)).toEqual({ resource: 'tags', name: n });
          expect(parse(`/v2/${n}/blobs/uploads/`)).toEqual({ resource: 'upload', name: n, uploadId: undefined });
          expect(parse(`/v2/${n}/blobs/uploads/${id}`)).toEqual({ resource: 'upload', name: n, uploadId: id });
        }),
      );
    });
  });
});
