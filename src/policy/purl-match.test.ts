import { describe, expect, it } from 'vitest';
import { isPurl, parsePurl, purlMatches } from './purl-match.js';

describe('parsePurl', () => {
  it('splits type, path, version and qualifiers', () => {
    expect(parsePurl('pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12')).toEqual({
      type: 'deb',
      path: 'debian/openssl',
      version: '3.0.11-1~deb12u2',
      qualifiers: new Map([
        ['arch', 'amd64'],
        ['distro', 'debian-12'],
      ]),
    });
  });

  it('tells an npm scope from a version', () => {
    expect(parsePurl('pkg:npm/%40types/node@20.1.0')?.path).toBe('@types/node');
    expect(parsePurl('pkg:npm/@types/node@20.1.0')).toMatchObject({ path: '@types/node', version: '20.1.0' });
    expect(parsePurl('pkg:npm/@types/node')?.version).toBeUndefined();
  });

  it.each(['', 'openssl', 'pkg:', 'pkg:npm', 'pkg:npm/', 'npm/lodash@1'])('%j is not a purl', (text) => {
    expect(isPurl(text)).toBe(false);
  });
});

describe('purlMatches', () => {
  const installed = 'pkg:apk/wolfi/git@2.39.0-r1?arch=x86_64&distro=wolfi-20230201';
  it.each([
    ['pkg:apk/wolfi/git@2.39.0-r1?arch=x86_64', true],
    ['pkg:apk/wolfi/git@2.39.0-r1', true],
    ['pkg:apk/wolfi/git', true],
    ['pkg:APK/wolfi/git', true],
    ['pkg:apk/wolfi/git@2.39.0-r1?arch=armv7', false],
    ['pkg:apk/wolfi/git@2.39.1-r0', false],
    ['pkg:apk/alpine/git', false],
    ['pkg:apk/wolfi/git-lfs', false],
    ['not a purl', false],
  ])('%s matches: %s', (pattern, expected) => {
    expect(purlMatches(pattern, installed)).toBe(expected);
  });
});
