import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CatalogError } from '../catalog-error.js';
import { catalogFile, catalogFixture, expectPackages } from '../cataloger-harness.js';
import { dpkgCataloger, dpkgFilesCataloger } from './index.js';

const fixture = (path: string) => fileURLToPath(new URL(`./fixtures/${path}`, import.meta.url));
const header = (path: string) => ({ path, size: 1, mode: 0o644 });

/** `dpkg-query -W -f '${Package} ${Version}\n'` output, as scripts/make-test-images writes it. */
function truth(path: string): string[] {
  return readFileSync(fixture(path), 'utf8').trim().split('\n').sort();
}

describe('dpkg cataloger on real debootstrap images', () => {
  it.each([['bookworm', 88], ['pyapp', 134]])('%s: the inventory equals dpkg-query -W exactly', async (image, count) => {
    const { packages, warnings } = await catalogFixture(dpkgCataloger, fixture(`${image}/status`), '/var/lib/dpkg/status');
    expect(warnings).toBeUndefined();
    expect(packages.map((p) => `${p.name} ${p.version}`).sort()).toEqual(truth(`${image}/truth.dpkg`));
    expect(packages).toHaveLength(count);
  });

  it('fills source, arch, purl and path', async () => {
    const { packages } = await catalogFixture(dpkgCataloger, fixture('bookworm/status'), '/var/lib/dpkg/status');
    expect(packages.find((p) => p.name === 'bsdutils')).toEqual({
      name: 'bsdutils',
      version: '1:2.38.1-5+deb12u3',
      type: 'dpkg',
      arch: 'amd64',
      source: { name: 'util-linux', version: '2.38.1-5+deb12u3' },
      purl: 'pkg:deb/debian/bsdutils@1:2.38.1-5+deb12u3?arch=amd64',
      path: '/var/lib/dpkg/status',
    });
    // No Source field: the package is its own source, at its own version.
    expect(packages.find((p) => p.name === 'adduser')).toMatchObject({ arch: 'all', source: { name: 'adduser', version: '3.134' } });
    // A binNMU: the source version differs from the binary version.
    const bash = packages.find((p) => p.name === 'bash');
    expect(bash?.version).toBe('5.2.15-2+b13');
    expect(bash?.source).toEqual({ name: 'bash', version: '5.2.15-2' });
    for (const p of packages) expect(p.licenses).toBeUndefined();
  });
});

describe('dpkg cataloger on distroless status.d', () => {
  it('reads a status.d stanza file (no Status field)', async () => {
    const { packages } = await catalogFixture(dpkgCataloger, fixture('syft/image-distroless-deb/libsqlite3-0'), '/var/lib/dpkg/status.d/libsqlite3-0');
    expectPackages(packages, [{ name: 'libsqlite3-0', version: '3.34.1-3', arch: 'arm64', source: { name: 'sqlite3', version: '3.34.1-3' } }]);
  });

  it('needs Status only in /var/lib/dpkg/status, where packages without one are not installed', async () => {
    const text = 'Package: removed\nVersion: 1.0\n\nPackage: kept\nStatus: install ok installed\nVersion: 2.0\n';
    expect((await dpkgCataloger.parse(catalogFile('/var/lib/dpkg/status', text))).packages.map((p) => p.name)).toEqual(['kept']);
    expect((await dpkgCataloger.parse(catalogFile('/var/lib/dpkg/status.d/base', text))).packages.map((p) => p.name)).toEqual(['removed', 'kept']);
  });

  it('reads several stanzas from one status.d file', async () => {
    const { packages } = await catalogFixture(dpkgCataloger, fixture('syft/status.d/multiple'), '/var/lib/dpkg/status.d/multiple');
    expectPackages(packages, [
      { name: 'tzdata', version: '2020a-0+deb10u1', source: { name: 'tzdata-dev', version: '2020a-0+deb10u1' } },
      { name: 'util-linux', version: '2.33.1-0.1' },
    ]);
  });

  it('reads a Syft image-dpkg status file', async () => {
    const { packages } = await catalogFixture(dpkgCataloger, fixture('syft/image-dpkg/status'), '/var/lib/dpkg/status');
    expectPackages(packages, [{ name: 'libpam-runtime', version: '1.1.8-3.6', source: { name: 'pam', version: '1.1.8-3.6' } }]);
  });
});

describe('dpkg cataloger: which files', () => {
  it.each([
    ['/var/lib/dpkg/status', true],
    ['/var/lib/dpkg/status.d/libc6', true],
    ['/var/lib/dpkg/status.d/libpython3.11-minimal', true],
    ['/var/lib/dpkg/status.d/libc6.md5sums', false],
    ['/var/lib/dpkg/status.d/libsqlite3-0.preinst', false],
    ['/var/lib/dpkg/status-old', false],
    ['/var/lib/dpkg/available', false],
    ['/var/lib/dpkg/status.d/nested/x', false],
    ['/opt/var/lib/dpkg/status', false],
  ])('%s → %s', (path, wanted) => {
    expect(dpkgCataloger.wants(header(path))).toBe(wanted);
  });

  it.each([
    ['/var/lib/dpkg/info/python3-yaml.list', true],
    ['/var/lib/dpkg/info/libacl1:amd64.list', true],
    ['/var/lib/dpkg/info/python3-yaml.md5sums', false],
    ['/var/lib/dpkg/status', false],
    ['/var/lib/dpkg/info/sub/x.list', false],
  ])('dpkg-files wants %s → %s', (path, wanted) => {
    expect(dpkgFilesCataloger.wants(header(path))).toBe(wanted);
  });
});

describe('dpkg cataloger on malformed input', () => {
  const parse = (content: Buffer | string, path = '/var/lib/dpkg/status.d/x') => dpkgCataloger.parse(catalogFile(path, content));

  it('refuses a file that is not a dpkg database (Syft corrupt fixture) with MALFORMED', async () => {
    const error = await parse(readFileSync(fixture('syft/status.d/corrupt'))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CatalogError);
    expect((error as CatalogError).code).toBe('MALFORMED');
  });

  it('refuses binary garbage with MALFORMED', async () => {
    const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    await expect(parse(garbage, '/var/lib/dpkg/status')).rejects.toMatchObject({ code: 'MALFORMED' });
  });

  it('keeps the complete stanzas of a truncated status file', async () => {
    const bytes = readFileSync(fixture('bookworm/status'));
    const { packages } = await parse(bytes.subarray(0, Math.floor(bytes.length / 2)), '/var/lib/dpkg/status');
    expect(packages.length).toBeGreaterThan(30);
    expect(packages.length).toBeLessThan(88);
    const known = new Set(truth('bookworm/truth.dpkg'));
    for (const p of packages) expect(known.has(`${p.name} ${p.version}`)).toBe(true);
  });

  it('returns no packages for an empty file and for an empty Package field (Syft "empty")', async () => {
    expect(await parse('')).toEqual({ packages: [] });
    const result = await parse(readFileSync(fixture('syft/status.d/empty')));
    expect(result.packages).toEqual([]);
    expect(result.warnings).toEqual(['stanza at line 1: invalid package name ""']);
  });

  it('caps the warnings of a badly damaged file', async () => {
    const text = `Package: a\nVersion: 1\n${'junk line\n'.repeat(500)}`;
    const { packages, warnings } = await parse(text);
    expect(packages).toHaveLength(1);
    expect(warnings).toHaveLength(21);
    expect(warnings?.at(-1)).toBe('… and 480 more');
  });
});

describe('dpkg-files cataloger', () => {
  it('returns the files python3-yaml owns, and no packages', async () => {
    const result = await catalogFixture(dpkgFilesCataloger, fixture('pyapp/python3-yaml.list'), '/var/lib/dpkg/info/python3-yaml.list');
    expect(result.packages).toEqual([]);
    expect(result.ownedFiles).toHaveLength(32);
    expect(result.ownedFiles).toContain('/usr/lib/python3/dist-packages/PyYAML-6.0.dist-info/RECORD');
  });

  it('reads an arch-qualified list', async () => {
    const result = await catalogFixture(dpkgFilesCataloger, fixture('pyapp/libacl1-amd64.list'), '/var/lib/dpkg/info/libacl1:amd64.list');
    expect(result.ownedFiles).toContain('/usr/lib/x86_64-linux-gnu/libacl.so.1.1.2301');
    expect(result.ownedFiles).not.toContain('/usr/lib/x86_64-linux-gnu');
  });

  it('refuses a list with no absolute path in it', async () => {
    await expect(dpkgFilesCataloger.parse(catalogFile('/var/lib/dpkg/info/x.list', 'not\na list\n'))).rejects.toMatchObject({ code: 'MALFORMED' });
  });
});
