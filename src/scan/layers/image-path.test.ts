import { describe, expect, it } from 'vitest';
import { isWithin, normaliseEntryPath, resolveInImage, resolveLinkTarget } from './image-path.js';

describe('normaliseEntryPath', () => {
  it.each([
    ['./usr/lib/os-release', '/usr/lib/os-release'],
    ['usr//lib/', '/usr/lib'],
    ['/etc/passwd', '/etc/passwd'],
    ['a/b/../c', '/a/c'],
    ['./', '/'],
  ])('%s → %s', (name, expected) => expect(normaliseEntryPath(name)).toBe(expected));

  it.each(['../etc/passwd', 'a/../../etc', '/../x'])('refuses %s, which climbs above the root', (name) => expect(normaliseEntryPath(name)).toBeUndefined());
});

describe('links stay inside the image', () => {
  it('resolves relative and absolute targets against the image root, clamping at /', () => {
    expect(resolveLinkTarget('/etc/os-release', '../usr/lib/os-release')).toBe('/usr/lib/os-release');
    expect(resolveLinkTarget('/etc/os-release', '/usr/lib/os-release')).toBe('/usr/lib/os-release');
    expect(resolveLinkTarget('/etc/evil', '../../../../../../etc/shadow')).toBe('/etc/shadow');
  });

  it('follows links in any path component, and gives up on loops', () => {
    const links = new Map([
      ['/lib', 'usr/lib'],
      ['/usr/lib/os-release', '../../etc/real-os-release'],
      ['/loop/a', 'b'],
      ['/loop/b', 'a'],
      ['/self', '/self'],
    ]);
    expect(resolveInImage('/lib/os-release', links)).toBe('/etc/real-os-release');
    expect(resolveInImage('/lib/x/y', links)).toBe('/usr/lib/x/y');
    expect(resolveInImage('/loop/a', links)).toBeUndefined();
    expect(resolveInImage('/self', links)).toBeUndefined();
    expect(resolveInImage('/plain/file', links)).toBe('/plain/file');
  });

  it('knows what lies within a directory', () => {
    expect(isWithin('/usr/lib/x', '/usr/lib')).toBe(true);
    expect(isWithin('/usr/lib', '/usr/lib')).toBe(true);
    expect(isWithin('/usr/library', '/usr/lib')).toBe(false);
    expect(isWithin('/anything', '/')).toBe(true);
  });
});
