import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { catalogFile, catalogFixture, expectPackages } from '../cataloger-harness.js';
import { pnpmLockCataloger as cataloger } from './index.js';

const fixture = (path: string) => fileURLToPath(new URL(`./fixtures/${path}`, import.meta.url));

interface TrivyCase {
  case: string | null;
  input: string[];
  expected_packages: Array<{ name: string; version: string | null; dev?: boolean }> | null;
}
const trivy = JSON.parse(readFileSync(fixture('trivy/pnpm/expected.json'), 'utf8')) as { cases: TrivyCase[] };

/**
 * Trivy's older pnpm test tables (lockfile 5.x/6.x) list production packages only; Airlock
 * reports dev packages too, marked `dev: true`, so those cases compare the production subset.
 */
const PRODUCTION_ONLY_CASES = new Set(['with dev deps', 'many', 'v6 with dev deps']);

/** A document whose aliases expand exponentially (a "billion laughs"). */
function aliasBomb(prefix: string): string {
  const lines = [prefix, 'x0: &x0 [a, a, a, a, a, a, a, a, a]'];
  for (let level = 1; level < 12; level++) lines.push(`x${level}: &x${level} [${Array(9).fill(`*x${level - 1}`).join(', ')}]`);
  return lines.join('\n');
}

describe('pnpm-lock.yaml: Trivy expectations', () => {
  const cases = trivy.cases.filter((c) => c.expected_packages !== null);
  it.each(cases.map((c) => [c.case ?? c.input[0], c] as const))('%s', async (name, testCase) => {
    const result = await catalogFixture(cataloger, fixture(`trivy/pnpm/${testCase.input[0]}`), '/app/pnpm-lock.yaml');
    const packages = PRODUCTION_ONLY_CASES.has(name ?? '') ? result.packages.filter((p) => !p.dev) : result.packages;
    // Trivy also lists `package1`, a local directory without a version (lockfile 9.x); nothing to match, so skipped.
    const expected = new Map<string, { name: string; version: string; dev: boolean }>();
    for (const p of testCase.expected_packages ?? []) {
      if (!p.version) continue;
      const key = `${p.name}@${p.version}`;
      // Peer variants of one name@version are one package; production wins over dev.
      expected.set(key, { name: p.name, version: p.version, dev: (expected.get(key)?.dev ?? true) && p.dev === true });
    }
    expectPackages(packages, [...expected.values()]);
    expect(packages).toHaveLength(expected.size);
  });
});

describe('pnpm-lock.yaml', () => {
  it('marks dev packages of lockfile 5.x/6.x from their dev field', async () => {
    const { packages } = await catalogFixture(cataloger, fixture('trivy/pnpm/testdata/pnpm-lock_v6_with_dev.yaml'), '/app/pnpm-lock.yaml');
    expectPackages(packages.filter((p) => p.name === 'mocha' || p.name === 'react'), [
      { name: 'mocha', version: '10.0.0', dev: true },
      { name: 'react', version: '18.1.0', dev: false, purl: 'pkg:npm/react@18.1.0' },
    ]);
  });

  it('derives dev-ness of lockfile 9.x from the importers graph', async () => {
    const { packages } = await catalogFixture(cataloger, fixture('trivy/pnpm/testdata/pnpm-lock_v9.yaml'), '/app/pnpm-lock.yaml');
    const dev = packages.filter((p) => p.dev).map((p) => `${p.name}@${p.version}`).sort();
    // ms@2.0.0 is a devDependency but also reached through finalhandler → debug, so it is production.
    expect(dev).toEqual(['await-sleep@0.0.1', 'jquery@3.6.0', 'lodash@4.17.21']);
  });

  it('strips 5.x peer suffixes', async () => {
    const { packages } = await catalogFixture(cataloger, fixture('syft/pnpm-v5-peer-suffix/pnpm-lock.yaml'), '/app/pnpm-lock.yaml');
    expect(packages.map((p) => `${p.name}@${p.version}`)).toEqual(expect.arrayContaining(['acorn@8.8.0', 'acorn-jsx@5.3.2', 'webpack-cli@4.10.0']));
    expect(packages.every((p) => !p.version.includes('_'))).toBe(true);
  });

  it.each([
    ['truncated YAML', 'lockfileVersion: 5.4\npackages:\n  /a/1.0.0: {resolution: {integrity: '],
    ['a list instead of a map', '- a\n- b\n'],
    ['packages of the wrong type', "lockfileVersion: '9.0'\npackages: [1, 2]\n"],
    ['no lockfileVersion', 'packages: {}\n'],
    ['an alias bomb', aliasBomb("lockfileVersion: '9.0'\npackages:\n  a@1.0.0: {}\n")],
    ['nesting 10 000 deep', `lockfileVersion: '9.0'\npackages: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`],
  ])('refuses %s as MALFORMED', async (_what, text) => {
    await expect(cataloger.parse(catalogFile('/app/pnpm-lock.yaml', text))).rejects.toMatchObject({ code: 'MALFORMED' });
  });

  it('skips an unnameable key with a warning', async () => {
    const result = await cataloger.parse(catalogFile('/app/pnpm-lock.yaml', "lockfileVersion: '6.0'\npackages:\n  /nonsense: {}\n  /a@1.0.0: {dev: false}\n"));
    expectPackages(result.packages, [{ name: 'a', version: '1.0.0', dev: false }]);
    expect(result.warnings?.[0]).toContain('/nonsense');
  });
});
