import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { catalogFile, catalogFixture, expectPackages } from '../cataloger-harness.js';
import { yarnLockCataloger as cataloger } from './index.js';

const fixture = (path: string) => fileURLToPath(new URL(`./fixtures/${path}`, import.meta.url));

interface TrivyCase {
  case: string | null;
  input: string[];
  expected_packages: Array<{ name: string; version: string }> | null;
}
const trivy = JSON.parse(readFileSync(fixture('trivy/yarn/expected.json'), 'utf8')) as { cases: TrivyCase[] };

describe('yarn.lock: Trivy expectations', () => {
  // `yarn with git dependency` expects an error upstream; Airlock skips git checkouts and reports nothing.
  it.each(trivy.cases.map((c) => [c.case ?? c.input[0], c] as const))('%s', async (_name, testCase) => {
    const result = await catalogFixture(cataloger, fixture(`trivy/yarn/${testCase.input[0]}`), '/app/yarn.lock');
    const expected = testCase.expected_packages ?? [];
    expectPackages(result.packages, expected.map((p) => ({ name: p.name, version: p.version })));
    expect(result.packages).toHaveLength(expected.length);
  });
});

describe('yarn.lock', () => {
  it('builds npm purls and reports no dev flag (yarn.lock does not record it)', async () => {
    const { packages } = await catalogFixture(cataloger, fixture('trivy/yarn/testdata/yarn_happy.lock'), '/app/yarn.lock');
    expect(packages.find((p) => p.name === '@babel/helper-regex')).toEqual({
      name: '@babel/helper-regex',
      version: '7.4.4',
      type: 'npm',
      purl: 'pkg:npm/%40babel/helper-regex@7.4.4',
      path: '/app/yarn.lock',
    });
  });

  it('warns about an unknown protocol and keeps the other entries', async () => {
    const result = await catalogFixture(cataloger, fixture('trivy/yarn/testdata/yarn_with_bad_protocol.lock'), '/app/yarn.lock');
    expect(result.warnings).toEqual(['line 1: unknown protocol unsupported: in asap@unsupported:~2.0.6']);
  });

  it('reads berry lockfiles', async () => {
    const { packages } = await catalogFixture(cataloger, fixture('syft/yarn-berry/yarn.lock'), '/app/yarn.lock');
    expect(packages.length).toBeGreaterThan(0);
    expectPackages(packages.slice(0, 1), [{ name: '@babel/code-frame', version: '7.10.4', purl: 'pkg:npm/%40babel/code-frame@7.10.4' }]);
  });

  it('resolves v1 npm: aliases to the real package', async () => {
    const text = ['"string-width-cjs@npm:string-width@^4.2.0":', '  version "4.2.3"', '', 'left-pad@npm:^1.3.0:', '  version "1.3.0"', ''].join('\n');
    const { packages } = await cataloger.parse(catalogFile('/app/yarn.lock', text));
    expectPackages(packages, [
      { name: 'string-width', version: '4.2.3' },
      { name: 'left-pad', version: '1.3.0' },
    ]);
  });

  it('refuses a berry lockfile that is not YAML as MALFORMED', async () => {
    await expect(cataloger.parse(catalogFile('/app/yarn.lock', '__metadata:\n  version: 6\n"a@npm:1": [unclosed'))).rejects.toMatchObject({ code: 'MALFORMED' });
  });

  it('turns classic garbage into warnings, never a crash', async () => {
    const result = await cataloger.parse(catalogFile('/app/yarn.lock', '\u0000\u0001garbage:\n  version\nno-at-sign:\n'));
    expect(result.packages).toEqual([]);
    expect(result.warnings?.length).toBeGreaterThan(0);
  });
});

const locksE2e = fileURLToPath(new URL('../../../../../shared/data/pkgdb-fixtures/osv-detector/testdata/locks-e2e/', import.meta.url));

describe.skipIf(!existsSync(locksE2e))('yarn.lock: osv-detector locks-e2e counts', () => {
  it.each([
    ['1-yarn.lock', 1678],
    ['2-yarn.lock', 1991],
    // osv-detector counts 1225: it also lists the workspace root and the three `patch:` entries
    // (fsevents, resolve, typescript), which are patched copies of npm entries already counted.
    ['3-yarn.lock', 1221],
  ])('%s has %i packages', async (file, count) => {
    const { packages, warnings } = await catalogFixture(cataloger, `${locksE2e}${file}`, '/app/yarn.lock');
    expect(packages).toHaveLength(count);
    expect(warnings).toBeUndefined();
  });
});
