import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDpkgVersionSyntax, parseDpkgStatus } from './parse-dpkg-status.js';
import { parseSourceField } from './package.js';
import { parseTxtar } from './txtar-harness.js';

const fixture = (path: string) => readFileSync(fileURLToPath(new URL(`./fixtures/${path}`, import.meta.url)), 'utf8');

interface TrivyPackage {
  name: string;
  version: string;
  release?: string;
  epoch?: string;
  arch?: string;
  srcName?: string;
  srcVersion?: string;
  srcRelease?: string;
}
interface TrivyCase {
  case: string;
  input: string[];
  expected_count: number;
  expected_packages: TrivyPackage[];
}
const trivy = JSON.parse(fixture('trivy/expected.json')) as { cases: TrivyCase[] };

/** Trivy splits versions into epoch, version and release; dpkg writes them as one string. */
const joined = (epoch: string | undefined, version: string | undefined, release: string | undefined) =>
  `${epoch && epoch !== '0' ? `${epoch}:` : ''}${version ?? ''}${release ? `-${release}` : ''}`;
const withoutEpoch = (version: string | undefined) => version?.replace(/^[0-9]+:/, '');

describe('parseDpkgStatus: Trivy expectations (txtar status files)', () => {
  it.each(trivy.cases.map((c) => [c.case, c] as const))('%s', (_name, testCase) => {
    const archive = parseTxtar(fixture(`trivy/${(testCase.input[0] ?? '').replace('testdata/', '')}`));
    const status = archive.get('var/lib/dpkg/status');
    expect(status, 'the txtar has a status section').toBeDefined();
    const { packages } = parseDpkgStatus(status ?? '', { statusRequired: true });
    const actual = packages.map((p) => ({ name: p.name, version: p.version, arch: p.arch, sourceName: p.sourceName ?? p.name, sourceVersion: withoutEpoch(p.sourceVersion ?? p.version) }));
    const expected = testCase.expected_packages.map((p) => ({
      name: p.name,
      version: joined(p.epoch, p.version, p.release),
      arch: p.arch,
      sourceName: p.srcName,
      sourceVersion: joined(undefined, p.srcVersion, p.srcRelease),
    }));
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    expect(actual.sort(byName)).toEqual(expected.sort(byName));
    expect(packages).toHaveLength(testCase.expected_count);
  });

  it('warns about the corrupted stanza whose version dpkg would flag, and drops it', () => {
    const status = parseTxtar(fixture('trivy/corrupsed.txtar')).get('var/lib/dpkg/status') ?? '';
    // invalidpkg has no Status either, so it is not installed; with status.d rules it is read and refused.
    const { packages, warnings } = parseDpkgStatus(status, { statusRequired: false });
    expect(packages.map((p) => p.name)).not.toContain('invalidpkg');
    expect(warnings).toContainEqual(expect.stringContaining('package invalidpkg has an invalid version "1:5.#"'));
    expect(warnings).toContainEqual(expect.stringContaining('package brokenPackageWithNoVersionThatShouldGetThrownOut has no Version'));
  });
});

describe('parseDpkgStatus: Syft expectations (distroless status.d)', () => {
  interface SyftCase {
    fixture: string;
    expected_packages: Array<{ name: string; version: string | null; source?: string; arch?: string }>;
  }
  const syft = (JSON.parse(fixture('syft/expected.json')) as { cases: SyftCase[] }).cases.filter((c) => c.fixture.includes('/status.d/'));

  it.each(syft.map((c) => [c.fixture, c] as const))('%s', (name, testCase) => {
    const { packages, warnings } = parseDpkgStatus(fixture(`syft/status.d/${name.split('/').pop() ?? ''}`), { statusRequired: false });
    // Syft reports `no-version` with an empty version; Airlock cannot match a package without one and warns instead.
    const expected = testCase.expected_packages.filter((p) => p.version !== null);
    expect(packages.map((p) => ({ name: p.name, version: p.version, arch: p.arch, sourceName: p.sourceName }))).toEqual(
      expected.map((p) => ({ name: p.name, version: p.version, arch: p.arch, sourceName: p.source })),
    );
    if (expected.length < testCase.expected_packages.length) expect(warnings).toContainEqual(expect.stringContaining('no-version has no Version'));
  });

  it('ignores deinstalled packages even in status.d', () => {
    const { packages } = parseDpkgStatus(fixture('syft/status.d/deinstall'), { statusRequired: false });
    expect(packages.map((p) => p.name)).toEqual(['linux-image-6.14.0-1012-aws']);
  });

  it('reads packages without Status, Architecture or Source in status.d (doc-examples)', () => {
    const { packages } = parseDpkgStatus(fixture('syft/status.d/doc-examples'), { statusRequired: false });
    expect(packages.map((p) => `${p.name}@${p.version}`)).toEqual(['mutt@1.3.17-1', 'made-up-package-1@1.0.0', 'made-up-package-2@2.0.0', 'made-up-package-3@3.0.0', 'made-up-package-4@3.0.0']);
    expect(packages[1]).toEqual({ name: 'made-up-package-1', version: '1.0.0', sourceName: 'glibc' });
  });

  it('requires Status in /var/lib/dpkg/status', () => {
    expect(parseDpkgStatus('Package: a\nVersion: 1\n', { statusRequired: true }).packages).toEqual([]);
    expect(parseDpkgStatus('Package: a\nVersion: 1\n', { statusRequired: false }).packages).toEqual([{ name: 'a', version: '1' }]);
  });
});

describe('installed states', () => {
  it.each([
    ['install ok installed', true],
    ['hold ok installed', true],
    ['deinstall ok installed', true],
    ['install ok triggers-pending', true],
    ['install ok unpacked', true],
    ['install ok half-configured', true],
    ['deinstall ok config-files', false],
    ['purge ok not-installed', false],
    ['install reinstreq half-installed', false],
    ['installed', false],
  ])('Status: %s → %s', (status, installed) => {
    const { packages } = parseDpkgStatus(`Package: a\nStatus: ${status}\nVersion: 1\n`, { statusRequired: true });
    expect(packages.length === 1).toBe(installed);
  });
});

describe('Source and Version fields', () => {
  it.each([
    ['pam', { name: 'pam' }],
    ['gcc-5 (5.1.1-12ubuntu1)', { name: 'gcc-5', version: '5.1.1-12ubuntu1' }],
    ['  glibc   ( 2.36-9+deb12u4 ) ', { name: 'glibc', version: '2.36-9+deb12u4' }],
    ['gcc-5 (5.1.1', undefined],
    ['two words', undefined],
  ])('Source: %s', (value, expected) => {
    expect(parseSourceField(value)).toEqual(expected);
  });

  it('defaults nothing itself: a missing Source leaves source fields unset (the package builder fills them)', () => {
    const { packages } = parseDpkgStatus('Package: a\nVersion: 1\nSource: b (2)\n\nPackage: c\nVersion: 3\nSource: d\n', { statusRequired: false });
    expect(packages).toEqual([
      { name: 'a', version: '1', sourceName: 'b', sourceVersion: '2' },
      { name: 'c', version: '3', sourceName: 'd' },
    ]);
  });

  it.each([
    ['1.0', true],
    ['1:2.38.1-5+deb12u3', true],
    ['2:6.2.1+dfsg1-1.1', true],
    ['20.10.7~3-0~debian-buster', true],
    ['1.0-1:2', false],
    ['a:1.0', false],
    ['1:5.#', false],
    ['1.0-', false],
    [':1.0', false],
    ['1 0', false],
    ['v1.0', true],
  ])('version %s is valid: %s', (version, valid) => {
    expect(isDpkgVersionSyntax(version)).toBe(valid);
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string(), fc.boolean(), (text, statusRequired) => {
        const { packages } = parseDpkgStatus(text, { statusRequired });
        for (const p of packages) expect(isDpkgVersionSyntax(p.version)).toBe(true);
      }),
    );
  });
});
