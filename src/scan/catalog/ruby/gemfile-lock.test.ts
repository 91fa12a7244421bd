import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { catalogFile, catalogFixture, expectPackages } from '../cataloger-harness.js';
import { gemfileLockCataloger as cataloger } from './index.js';

const fixture = (path: string) => fileURLToPath(new URL(`./fixtures/${path}`, import.meta.url));

interface TrivyCase {
  case: string | null;
  input: string[];
  expected_packages: Array<{ name: string; version: string }> | null;
}
const trivy = JSON.parse(readFileSync(fixture('trivy/bundler/expected.json'), 'utf8')) as { cases: TrivyCase[] };

describe('Gemfile.lock: Trivy expectations', () => {
  it.each(trivy.cases.map((c) => [c.case ?? c.input[0], c] as const))('%s', async (_name, testCase) => {
    const { packages } = await catalogFixture(cataloger, fixture(`trivy/bundler/${testCase.input[0]}`), '/app/Gemfile.lock');
    expectPackages(packages, (testCase.expected_packages ?? []).map((p) => ({ name: p.name, version: p.version })));
  });
});

describe('Gemfile.lock', () => {
  it('reads GEM, GIT and PATH specs, not their requirements', async () => {
    const { packages } = await catalogFixture(cataloger, fixture('syft/Gemfile.lock'), '/app/Gemfile.lock');
    expect(packages.slice(0, 3)).toEqual([
      { name: 'google-cloud-errors', version: '1.3.0', type: 'gem', purl: 'pkg:gem/google-cloud-errors@1.3.0', path: '/app/Gemfile.lock' },
      { name: 'turbolinks', version: '3.0.0', type: 'gem', purl: 'pkg:gem/turbolinks@3.0.0', path: '/app/Gemfile.lock' },
      { name: 'actionmailer', version: '4.1.1', type: 'gem', purl: 'pkg:gem/actionmailer@4.1.1', path: '/app/Gemfile.lock' },
    ]);
    // 52 specs in PATH, GIT and GEM; six-space requirement lines (`mail (~> 2.5.4)`) and the fixture's bogus BAD-SECTION entry are not packages.
    expect(packages).toHaveLength(52);
  });

  it('drops platform suffixes and reports platform variants once', async () => {
    const text = ['GEM', '  remote: https://rubygems.org/', '  specs:', '    nokogiri (1.13.10-x86_64-linux)', '      racc (~> 1.4)', '    nokogiri (1.13.10-arm64-darwin)', '    racc (1.6.2)', '    sqlite3 (1.6.0-x86_64-linux-musl)', ''].join('\n');
    const { packages } = await cataloger.parse(catalogFile('/app/Gemfile.lock', text));
    expectPackages(packages, [
      { name: 'nokogiri', version: '1.13.10', purl: 'pkg:gem/nokogiri@1.13.10' },
      { name: 'racc', version: '1.6.2' },
      { name: 'sqlite3', version: '1.6.0' },
    ]);
    expect(packages).toHaveLength(3);
  });

  it('warns about a spec line it cannot read and keeps the rest', async () => {
    const text = 'GEM\n  specs:\n    broken (\n    ok (1.0)\n';
    const result = await cataloger.parse(catalogFile('/app/Gemfile.lock', text));
    expectPackages(result.packages, [{ name: 'ok', version: '1.0' }]);
    expect(result.warnings).toEqual(['line 3: not a gem spec: broken (']);
  });

  it('wants Gemfile.lock and gems.locked', () => {
    expect(cataloger.wants({ path: '/app/gems.locked', size: 1, mode: 0o644 })).toBe(true);
    expect(cataloger.wants({ path: '/app/Gemfile', size: 1, mode: 0o644 })).toBe(false);
  });
});

const locksE2e = fileURLToPath(new URL('../../../../../shared/data/pkgdb-fixtures/osv-detector/testdata/locks-e2e/', import.meta.url));

describe.skipIf(!existsSync(locksE2e))('Gemfile.lock: osv-detector locks-e2e counts', () => {
  it.each([
    ['1-Gemfile.lock', 229],
    ['2-Gemfile.lock', 426],
  ])('%s has %i packages', async (file, count) => {
    const { packages, warnings } = await catalogFixture(cataloger, `${locksE2e}${file}`, '/app/Gemfile.lock');
    expect(packages).toHaveLength(count);
    expect(warnings).toBeUndefined();
  });
});
