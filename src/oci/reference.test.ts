import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { digestOf, type Digest } from './digest.js';
import { OciError } from './errors.js';
import { formatImageReference, parseImageReference, type ImageReference } from './reference.js';
import { thrown } from '../../test/helpers/thrown.js';

const DIGEST = digestOf('airlock reference test');

function refusal(text: string): OciError {
  return thrown(OciError, () => parseImageReference(text), `parseImageReference(${JSON.stringify(text)})`);
}

describe('parseImageReference', () => {
  it.each<[string, ImageReference]>([
    ['alpine', { repository: 'alpine' }],
    ['alpine:3.19', { repository: 'alpine', tag: '3.19' }],
    ['library/alpine:3.19', { repository: 'library/alpine', tag: '3.19' }],
    ['quarantine/payments/api:1.0', { repository: 'quarantine/payments/api', tag: '1.0' }],
    ['docker.io/library/alpine', { host: 'docker.io', repository: 'library/alpine' }],
    ['ghcr.io/grafana/loki:3.0.0', { host: 'ghcr.io', repository: 'grafana/loki', tag: '3.0.0' }],
    ['localhost/app', { host: 'localhost', repository: 'app' }],
    ['localhost:5000/app:dev', { host: 'localhost:5000', repository: 'app', tag: 'dev' }],
    ['registry:5000/app', { host: 'registry:5000', repository: 'app' }],
    ['127.0.0.1:5050/quarantine/team-a/web:1', { host: '127.0.0.1:5050', repository: 'quarantine/team-a/web', tag: '1' }],
    ['[::1]:5000/app', { host: '[::1]:5000', repository: 'app' }],
    [`alpine@${DIGEST}`, { repository: 'alpine', digest: DIGEST }],
    [`alpine:3.19@${DIGEST}`, { repository: 'alpine', tag: '3.19', digest: DIGEST }],
    [`localhost:5000/a/b:c@${DIGEST}`, { host: 'localhost:5000', repository: 'a/b', tag: 'c', digest: DIGEST }],
    ['  alpine:edge  ', { repository: 'alpine', tag: 'edge' }],
  ])('parses %s', (text, expected) => {
    const parsed = parseImageReference(text);
    expect(parsed).toEqual({ host: undefined, tag: undefined, digest: undefined, ...expected });
  });

  describe('host detection: only a first component with "." or ":" or exactly "localhost" is a host', () => {
    it.each([
      ['grafana/grafana', 'grafana/grafana'],
      ['registry/app', 'registry/app'],
      ['localhost-ish/app', 'localhost-ish/app'],
      ['local_host/app', 'local_host/app'],
      ['mirror/docker.io/library/nginx', 'mirror/docker.io/library/nginx'],
    ])('%s has no host', (text, repository) => {
      expect(parseImageReference(text)).toEqual({ host: undefined, repository, tag: undefined, digest: undefined });
    });

    it('a single component is always a repository, even when it looks like a host', () => {
      expect(parseImageReference('localhost').repository).toBe('localhost');
      expect(parseImageReference('localhost').host).toBeUndefined();
      expect(parseImageReference('example.com').repository).toBe('example.com');
      expect(parseImageReference('example.com').host).toBeUndefined();
    });

    it('a port-like suffix on a single component is a tag, not a port', () => {
      expect(parseImageReference('localhost:5000')).toEqual({ host: undefined, repository: 'localhost', tag: '5000', digest: undefined });
    });
  });

  it.each([
    ['', 'NAME_INVALID'],
    ['   ', 'NAME_INVALID'],
    ['Alpine', 'NAME_INVALID'],
    ['docker.io/Library/alpine', 'NAME_INVALID'],
    ['/alpine', 'NAME_INVALID'],
    ['docker.io/', 'NAME_INVALID'],
    ['a//b', 'NAME_INVALID'],
    ['alpine:', 'TAG_INVALID'],
    ['alpine:-rc', 'TAG_INVALID'],
    [`alpine:${'t'.repeat(129)}`, 'TAG_INVALID'],
    ['alpine@', 'DIGEST_INVALID'],
    ['alpine@sha256:abc', 'DIGEST_INVALID'],
    [`alpine@md5:${'a'.repeat(32)}`, 'DIGEST_INVALID'],
  ])('refuses %j with %s', (text, code) => {
    expect(refusal(text).code).toBe(code);
  });
});

describe('formatImageReference', () => {
  it('writes each part only when present', () => {
    expect(formatImageReference({ repository: 'alpine' })).toBe('alpine');
    expect(formatImageReference({ host: 'ghcr.io', repository: 'a/b', tag: 'v1' })).toBe('ghcr.io/a/b:v1');
    expect(formatImageReference({ repository: 'a', digest: DIGEST })).toBe(`a@${DIGEST}`);
    expect(formatImageReference({ host: 'localhost:5000', repository: 'a', tag: 't', digest: DIGEST })).toBe(`localhost:5000/a:t@${DIGEST}`);
  });
});

describe('round trip', () => {
  const alnum = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'), minLength: 1, maxLength: 6 });
  const component = fc.tuple(alnum, fc.option(fc.tuple(fc.constantFrom('.', '_', '__', '-', '--'), alnum), { nil: undefined })).map(([a, rest]) => (rest ? a + rest[0] + rest[1] : a));
  const repository = fc.array(component, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('/'));
  const host = fc.oneof(
    fc.constant('localhost'),
    fc.tuple(fc.constant('localhost'), fc.integer({ min: 1, max: 65535 })).map(([h, port]) => `${h}:${port}`),
    fc.domain(),
    fc.tuple(fc.domain(), fc.integer({ min: 1, max: 65535 })).map(([h, port]) => `${h}:${port}`),
    fc.tuple(fc.ipV4(), fc.integer({ min: 1, max: 65535 })).map(([h, port]) => `${h}:${port}`),
  );
  const tag = fc
    .tuple(fc.constantFrom(...'abcXYZ019_'), fc.string({ unit: fc.constantFrom(...'abcXYZ019_.-'), maxLength: 20 }))
    .map(([first, rest]) => first + rest);
  const digest = fc.uint8Array({ maxLength: 16 }).map((bytes) => digestOf(bytes) as Digest);
  const reference = fc.record({
    host: fc.option(host, { nil: undefined }),
    repository,
    tag: fc.option(tag, { nil: undefined }),
    digest: fc.option(digest, { nil: undefined }),
  });

  /** Without a host, a first path component that looks like a host would be read as one: that reference is ambiguous by design. */
  const unambiguous = (ref: ImageReference) => {
    if (ref.host) return true;
    const slash = ref.repository.indexOf('/');
    if (slash < 0) return true;
    const first = ref.repository.slice(0, slash);
    return !first.includes('.') && first !== 'localhost';
  };

  it('parse(format(ref)) gives back ref', () => {
    fc.assert(
      fc.property(reference.filter(unambiguous), (ref) => {
        expect(parseImageReference(formatImageReference(ref))).toEqual(ref);
      }),
    );
  });

  it('format(parse(text)) is a fixed point for every reference it accepts', () => {
    fc.assert(
      fc.property(reference, (ref) => {
        const text = formatImageReference(ref);
        expect(formatImageReference(parseImageReference(text))).toBe(text);
      }),
    );
  });

  it('an ambiguous repository without host is read with the first component as host', () => {
    expect(parseImageReference(formatImageReference({ repository: 'example.com/app' }))).toEqual({
      host: 'example.com',
      repository: 'app',
      tag: undefined,
      digest: undefined,
    });
  });
});
