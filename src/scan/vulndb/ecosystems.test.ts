import { describe, expect, it } from 'vitest';
import { bucketEcosystem, ecosystemFilter, ecosystemsNamedIn, ecosystemZipUrl } from './ecosystems.js';
import { normalizePackageName } from './package-name.js';

describe('ecosystems', () => {
  it("builds osv.dev's per-ecosystem zip URL, encoding names with spaces", () => {
    expect(ecosystemZipUrl('PyPI')).toBe('https://osv-vulnerabilities.storage.googleapis.com/PyPI/all.zip');
    expect(ecosystemZipUrl('Red Hat', 'http://mirror.local/osv/')).toBe('http://mirror.local/osv/Red%20Hat/all.zip');
  });

  it.each([
    ['Debian:12', 'Debian'],
    ['pypi', 'PyPI'],
    ['CRATES.IO', 'crates.io'],
    ['alpine:v3.20', 'Alpine'],
    ['SomethingNew', 'SomethingNew'],
  ])('fetches %s from the %s folder', (given, folder) => {
    expect(bucketEcosystem(given)).toBe(folder);
  });

  it('selects a distribution with all its releases, or one release, case-insensitively', () => {
    const debian = ecosystemFilter(['debian']);
    expect(['Debian:11', 'Debian:12', 'Debian'].every(debian)).toBe(true);
    expect(debian('Ubuntu:22.04:LTS')).toBe(false);
    const bookworm = ecosystemFilter(['Debian:12']);
    expect([bookworm('Debian:12'), bookworm('Debian:11')]).toEqual([true, false]);
    expect(ecosystemFilter(undefined)('anything')).toBe(true);
  });

  it('reads the ecosystems a raw record names, tolerating odd shapes', () => {
    expect(ecosystemsNamedIn({ affected: [{ package: { ecosystem: 'npm' } }, { package: { ecosystem: 'Maven' } }, { package: { ecosystem: 'npm' } }, null, {}] })).toEqual(['npm', 'Maven']);
    expect(ecosystemsNamedIn({ affected: 'none' })).toEqual([]);
  });
});

describe('package names', () => {
  it('compares PyPI names in PEP 503 form, NuGet ids in lower case, others as written', () => {
    expect(normalizePackageName('PyPI', 'Zope.Interface')).toBe('zope-interface');
    expect(normalizePackageName('PyPI', 'typing__extensions')).toBe('typing-extensions');
    expect(normalizePackageName('NuGet', 'Newtonsoft.Json')).toBe('newtonsoft.json');
    expect(normalizePackageName('Go', 'github.com/BurntSushi/toml')).toBe('github.com/BurntSushi/toml');
    expect(normalizePackageName('Debian:12', 'Xen')).toBe('Xen');
  });
});
