import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { catalogFile, catalogFixture, expectPackages } from '../cataloger-harness.js';
import { cargoLockCataloger as cataloger } from './index.js';

const fixture = (path: string) => fileURLToPath(new URL(`./fixtures/${path}`, import.meta.url));

interface TrivyCase {
  case: string | null;
  input: string[];
  expected_packages: Array<{ name: string; version: string }> | null;
}
const trivy = JSON.parse(readFileSync(fixture('trivy/cargo/expected.json'), 'utf8')) as { cases: TrivyCase[] };

describe('Cargo.lock: Trivy expectations', () => {
  const cases = trivy.cases.filter((c) => c.expected_packages !== null);
  it.each(cases.map((c) => [c.input[0], c] as const))('%s', async (_name, testCase) => {
    const { packages } = await catalogFixture(cataloger, fixture(`trivy/cargo/${testCase.input[0]}`), '/app/Cargo.lock');
    expectPackages(packages, (testCase.expected_packages ?? []).map((p) => ({ name: p.name, version: p.version })));
  });

  it('refuses the truncated testdata/cargo_invalid.lock as MALFORMED (Trivy: error)', async () => {
    await expect(catalogFixture(cataloger, fixture('trivy/cargo/testdata/cargo_invalid.lock'), '/app/Cargo.lock')).rejects.toMatchObject({ code: 'MALFORMED' });
  });
});

describe('Cargo.lock', () => {
  it('reads v1 lockfiles (checksums in [metadata]) with cargo purls', async () => {
    const { packages } = await catalogFixture(cataloger, fixture('syft/Cargo.lock'), '/src/Cargo.lock');
    expect(packages).toHaveLength(14);
    expect(packages[0]).toEqual({ name: 'ansi_term', version: '0.12.1', type: 'cargo', purl: 'pkg:cargo/ansi_term@0.12.1', path: '/src/Cargo.lock' });
  });

  it('reports a crate locked from both crates.io and git once per name@version', async () => {
    const { packages } = await catalogFixture(cataloger, fixture('syft/Cargo.lock-with-git-deps'), '/src/Cargo.lock');
    expect(packages.filter((p) => p.name === 'regex')).toHaveLength(1);
    expect(packages).toHaveLength(9);
  });

  it('reports workspace and path crates', async () => {
    const { packages } = await catalogFixture(cataloger, fixture('syft/path-deps/Cargo.lock'), '/src/Cargo.lock');
    expectPackages(packages, [
      { name: 'app', version: '1.0.0' },
      { name: 'memchr', version: '2.7.4' },
      { name: 'telemetry', version: '0.1.0' },
    ]);
  });

  it('notes an unknown format version and reads it anyway', async () => {
    const result = await cataloger.parse(catalogFile('/src/Cargo.lock', 'version = 9\n\n[[package]]\nname = "a"\nversion = "1.0.0"\n'));
    expectPackages(result.packages, [{ name: 'a', version: '1.0.0' }]);
    expect(result.warnings?.[0]).toContain('format version 9');
  });

  it.each([
    ['package of the wrong type', 'package = 3\n'],
    ['nesting 10 000 deep', `x = ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`],
    ['binary garbage', '\u0000\u0001\u0002[[[\n'],
  ])('refuses %s as MALFORMED', async (_what, text) => {
    await expect(cataloger.parse(catalogFile('/src/Cargo.lock', text))).rejects.toMatchObject({ code: 'MALFORMED' });
  });

  it('skips a package without a version with a warning', async () => {
    const result = await cataloger.parse(catalogFile('/src/Cargo.lock', '[[package]]\nname = "a"\n\n[[package]]\nname = "b"\nversion = "2.0.0"\n'));
    expectPackages(result.packages, [{ name: 'b', version: '2.0.0' }]);
    expect(result.warnings).toHaveLength(1);
  });
});
