import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { catalogFile, catalogFixture, expectPackages } from '../cataloger-harness.js';
import { npmPackageLockCataloger as cataloger } from './index.js';

const fixture = (path: string) => fileURLToPath(new URL(`./fixtures/${path}`, import.meta.url));

interface TrivyCase {
  case: string | null;
  input: string[];
  expected_packages: Array<{ name: string; version: string | null; dev?: boolean }> | null;
}
const trivy = JSON.parse(readFileSync(fixture('trivy/npm/expected.json'), 'utf8')) as { cases: TrivyCase[] };

/** Trivy reports the workspace package `function1`, which has no version; Airlock cannot match a package without one. */
const withoutVersion = (p: { version: string | null }) => p.version !== null && p.version !== '';

describe('package-lock.json: Trivy expectations', () => {
  it.each(trivy.cases.map((c) => [c.case ?? c.input[0], c] as const))('%s', async (_name, testCase) => {
    const result = await catalogFixture(cataloger, fixture(`trivy/npm/${testCase.input[0]}`), '/app/package-lock.json');
    const expected = (testCase.expected_packages ?? []).filter(withoutVersion);
    expectPackages(result.packages, expected.map((p) => ({ name: p.name, version: p.version ?? '', ...(p.dev === undefined ? {} : { dev: p.dev }) })));
    expect(result.packages).toHaveLength(expected.length);
  });
});

describe('package-lock.json fields', () => {
  it('builds purls with the scope as namespace and stamps the path', async () => {
    const { packages } = await catalogFixture(cataloger, fixture('trivy/npm/testdata/package-lock_v3.json'), '/srv/app/package-lock.json');
    expect(packages.find((p) => p.name === '@babel/helper-string-parser')).toEqual({
      name: '@babel/helper-string-parser',
      version: '7.19.4',
      type: 'npm',
      purl: 'pkg:npm/%40babel/helper-string-parser@7.19.4',
      path: '/srv/app/package-lock.json',
      dev: false,
    });
  });

  it('reads licences in every historic shape', async () => {
    const { packages } = await catalogFixture(cataloger, fixture('trivy/npm/testdata/package-lock_v3_with_legacy_licenses.json'), '/app/package-lock.json');
    expectPackages(packages, [
      { name: 'tv4', version: '1.3.0', licenses: ['Public Domain', 'MIT'] },
      { name: 'pause-stream', version: '0.0.11', licenses: ['MIT', 'Apache2'] },
      { name: 'mustache', version: '2.3.2', licenses: ['MIT'] },
    ]);
  });

  it('reports dev only when every occurrence is dev', async () => {
    const { packages } = await catalogFixture(cataloger, fixture('trivy/npm/testdata/package-lock_v3_with-same-dev-and-non-dev.json'), '/app/package-lock.json');
    expect(packages.find((p) => p.name === 'minimist')?.dev).toBe(false);
    expect(packages.find((p) => p.name === 'fsevents')?.dev).toBe(true);
  });

  it.each([['alias-package-lock-1.json'], ['alias-package-lock-2.json']])('resolves npm: aliases to the real package (%s)', async (file) => {
    const { packages } = await catalogFixture(cataloger, fixture(`syft/pkg-lock/${file}`), '/app/package-lock.json');
    expectPackages(packages, [
      { name: 'case', version: '1.6.2' },
      { name: 'case', version: '1.6.3', purl: 'pkg:npm/case@1.6.3' },
      { name: '@bundled-es-modules/chai', version: '4.2.2', purl: 'pkg:npm/%40bundled-es-modules/chai@4.2.2' },
    ]);
  });

  it('wants package-lock.json and npm-shrinkwrap.json only', () => {
    const wants = (path: string) => cataloger.wants({ path, size: 10, mode: 0o644 });
    expect(wants('/app/npm-shrinkwrap.json')).toBe(true);
    expect(wants('/app/node_modules/.package-lock.json')).toBe(false);
    expect(wants('/app/package.json')).toBe(false);
  });
});

describe('package-lock.json robustness', () => {
  const parse = (text: string) => cataloger.parse(catalogFile('/app/package-lock.json', text));

  it.each([
    ['truncated JSON', '{"lockfileVersion": 3, "packages": {"node_modules/a": {"vers'],
    ['not an object', '[1, 2, 3]'],
    ['packages of the wrong type', '{"lockfileVersion": 3, "packages": "lots"}'],
    ['an empty file', ''],
  ])('refuses %s as MALFORMED', async (_what, text) => {
    await expect(parse(text)).rejects.toMatchObject({ code: 'MALFORMED' });
  });

  it('skips an entry of the wrong shape with a warning and keeps the rest', async () => {
    const result = await parse(JSON.stringify({ lockfileVersion: 3, packages: { 'node_modules/a': { version: 7 }, 'node_modules/b': { version: '1.0.0' } } }));
    expectPackages(result.packages, [{ name: 'b', version: '1.0.0' }]);
    expect(result.warnings?.[0]).toContain('node_modules/a');
  });

  it('walks a v1 tree nested 20 000 deep without exhausting the stack', async () => {
    let tree = '{"version": "1.0.0"}';
    for (let depth = 0; depth < 20_000; depth++) tree = `{"version": "1.0.${depth + 1}", "dependencies": {"d": ${tree}}}`;
    const result = await parse(`{"lockfileVersion": 1, "dependencies": {"d": ${tree}}}`);
    expect(result.packages).toHaveLength(20_001);
  });
});

const locksE2e = fileURLToPath(new URL('../../../../../shared/data/pkgdb-fixtures/osv-detector/testdata/locks-e2e/', import.meta.url));

describe.skipIf(!existsSync(locksE2e))('package-lock.json: osv-detector locks-e2e counts', () => {
  it.each([
    ['1-package-lock.json', 1273],
    ['2-package-lock.json', 1468],
  ])('%s has %i packages', async (file, count) => {
    const { packages, warnings } = await catalogFixture(cataloger, `${locksE2e}${file}`, '/app/package-lock.json');
    expect(packages).toHaveLength(count);
    expect(warnings).toBeUndefined();
  });
});
