import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { approvedRepositoryFor } from '../../auth/index.js';
import { isRepositoryName } from '../../oci/index.js';
import { MirrorError } from './mirror-error.js';
import { mirrorTarget, sourceOfMirror } from './mirror-path.js';

describe('mirrorTarget', () => {
  it('keeps the upstream host, a port written _<port>', () => {
    expect(mirrorTarget('registry.example:5000/library/debian')).toEqual({
      source: 'registry.example:5000/library/debian',
      host: 'registry.example:5000',
      apiHost: 'registry.example:5000',
      upstreamRepository: 'library/debian',
      mirrorRepository: 'mirror/registry.example_5000/library/debian',
      quarantineRepository: 'quarantine/mirror/registry.example_5000/library/debian',
    });
  });

  it('expands Docker Hub short names and reaches Docker Hub at registry-1.docker.io', () => {
    expect(mirrorTarget('debian')).toMatchObject({
      source: 'docker.io/library/debian',
      host: 'docker.io',
      apiHost: 'registry-1.docker.io',
      upstreamRepository: 'library/debian',
      mirrorRepository: 'mirror/docker.io/library/debian',
    });
    expect(mirrorTarget('grafana/grafana').mirrorRepository).toBe('mirror/docker.io/grafana/grafana');
  });

  it('spells one repository one way', () => {
    const spellings = ['grafana/grafana', 'docker.io/grafana/grafana', 'index.docker.io/grafana/grafana', 'DOCKER.IO/grafana/grafana'];
    expect(new Set(spellings.map((source) => mirrorTarget(source).mirrorRepository))).toEqual(new Set(['mirror/docker.io/grafana/grafana']));
    expect(mirrorTarget('index.docker.io/debian').source).toBe(mirrorTarget('docker.io/library/debian').source);
    expect(mirrorTarget('Registry.Example:5000/app').host).toBe('registry.example:5000');
  });

  it('writes IPv6 hosts out in full, reversibly', () => {
    const target = mirrorTarget('[::1]:5000/team/app');
    expect(target).toMatchObject({ host: '[::1]:5000', apiHost: '[::1]:5000', mirrorRepository: 'mirror/ip6__0-0-0-0-0-0-0-1_5000/team/app' });
    expect(sourceOfMirror(target.mirrorRepository)?.source).toBe('[::1]:5000/team/app');
  });

  it('promotes quarantine/mirror/… to the mirror repository', () => {
    for (const source of ['debian', 'registry.example:5000/a/b', '[::1]/x']) {
      const target = mirrorTarget(source);
      expect(approvedRepositoryFor(target.quarantineRepository)).toBe(target.mirrorRepository);
    }
  });

  it.each([
    ['debian:12', 'put tags in `tags`'],
    [`debian@sha256:${'a'.repeat(64)}`, 'put tags in `tags`'],
    ['Grafana/grafana', 'invalid repository name'],
    ['registry.example:99999/app', 'port'],
    ['::1/app', 'brackets'],
    ['', 'empty'],
    [`registry.example/${'a'.repeat(240)}`, 'longer than 255'],
  ])('refuses %s', (source, message) => {
    expect(() => mirrorTarget(source)).toThrow(MirrorError);
    expect(() => mirrorTarget(source)).toThrow(message);
  });
});

describe('sourceOfMirror', () => {
  it('finds the upstream of a mirror path', () => {
    expect(sourceOfMirror('mirror/docker.io/grafana/grafana')).toMatchObject({ host: 'docker.io', apiHost: 'registry-1.docker.io', upstreamRepository: 'grafana/grafana' });
    expect(sourceOfMirror('mirror/registry.example_5000/library/debian')).toMatchObject({ host: 'registry.example:5000', upstreamRepository: 'library/debian' });
  });

  it.each([
    'grafana/grafana',
    'quarantine/mirror/docker.io/library/debian',
    'mirror/docker.io',
    'mirror/docker.io/debian', // not canonical: Docker Hub short names live under library/
    'mirror/index.docker.io/grafana/grafana',
    'mirror/myhost/app', // `myhost/app` is a Docker Hub name, mirrored under docker.io
    'mirror/registry.example_05000/app',
    'mirror/ip6__0-0-0-0-0-0-0-01/app',
    'mirror//app',
  ])('is undefined for %s', (name) => {
    expect(sourceOfMirror(name)).toBeUndefined();
  });
});

describe('properties', () => {
  const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const run = fc.string({ unit: fc.constantFrom(...LOWER_ALNUM), minLength: 1, maxLength: 6 });
  const component = fc
    .tuple(run, fc.array(fc.tuple(fc.constantFrom('.', '_', '__', '-', '--'), run), { maxLength: 2 }))
    .map(([head, rest]) => head + rest.map(([separator, tail]) => separator + tail).join(''));
  const path = fc.array(component, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('/'));
  const label = fc
    .tuple(fc.constantFrom(...LOWER_ALNUM), fc.string({ unit: fc.constantFrom(...LOWER_ALNUM, '-'), maxLength: 6 }), fc.constantFrom(...LOWER_ALNUM))
    .map(([first, middle, last]) => first + middle + last);
  const dnsHost = fc.array(label, { minLength: 2, maxLength: 3 }).map((labels) => labels.join('.'));
  const ipv4 = fc.ipV4();
  const ipv6 = fc.ipV6().map((address) => `[${address}]`);
  const port = fc.option(fc.integer({ min: 1, max: 65_535 }), { nil: undefined });
  const host = fc.tuple(fc.oneof(dnsHost, ipv4, ipv6, fc.constant('localhost'), fc.constant('index.docker.io')), port).map(([name, p]) => (p === undefined ? name : `${name}:${p}`));
  // Without a host, a first component holding '.' would be read as one (docker's rule), so it holds none.
  const hubPath = fc.tuple(component.filter((first) => !first.includes('.')), fc.array(component, { maxLength: 3 })).map(([first, rest]) => [first, ...rest].join('/'));
  const source = fc.oneof(hubPath, fc.tuple(host, path).map(([h, p]) => `${h}/${p}`));

  it('a mirror path is a valid repository name and leads back to its source', () => {
    fc.assert(
      fc.property(source, (text) => {
        let target;
        try {
          target = mirrorTarget(text);
        } catch (error) {
          // Only names too long once the prefixes and host are added are refused.
          expect(error).toBeInstanceOf(MirrorError);
          expect((error as Error).message).toContain('longer than');
          return;
        }
        expect(isRepositoryName(target.mirrorRepository)).toBe(true);
        expect(isRepositoryName(target.quarantineRepository)).toBe(true);
        expect(sourceOfMirror(target.mirrorRepository)).toEqual(target);
        expect(mirrorTarget(target.source)).toEqual(target);
      }),
      { numRuns: 500 },
    );
  });

  it('sourceOfMirror returns undefined or a target that maps back to the same name', () => {
    const name = fc.oneof(
      fc.tuple(fc.oneof(component, fc.constantFrom('docker.io', 'ip6__0-0-0-0-0-0-0-1_5000', 'a.b_1')), path).map(([first, rest]) => `mirror/${first}/${rest}`),
      path,
    );
    fc.assert(
      fc.property(name, (text) => {
        const target = sourceOfMirror(text);
        if (target !== undefined) expect(target.mirrorRepository).toBe(text);
      }),
      { numRuns: 500 },
    );
  });
});
