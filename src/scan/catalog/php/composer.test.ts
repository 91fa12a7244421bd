import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { catalogFile, catalogFixture, expectPackages } from '../cataloger-harness.js';
import { composerInstalledCataloger, composerLockCataloger } from './index.js';

const fixture = (path: string) => fileURLToPath(new URL(`./fixtures/${path}`, import.meta.url));

interface TrivyCase {
  case: string | null;
  input: string[];
  expected_packages: Array<{ name: string; version: string; dev?: boolean }> | null;
}
const trivy = JSON.parse(readFileSync(fixture('trivy/composer/expected.json'), 'utf8')) as { cases: TrivyCase[] };

describe('composer.lock: Trivy expectations', () => {
  it.each(trivy.cases.map((c) => [c.case ?? c.input[0], c] as const))('%s', async (_name, testCase) => {
    const { packages } = await catalogFixture(composerLockCataloger, fixture(`trivy/composer/${testCase.input[0]}`), '/app/composer.lock');
    expectPackages(packages, (testCase.expected_packages ?? []).map((p) => ({ name: p.name, version: p.version, dev: p.dev === true })));
  });
});

describe('composer.lock', () => {
  it('reads packages and packages-dev with licences and vendor-namespaced purls', async () => {
    const { packages } = await catalogFixture(composerLockCataloger, fixture('trivy/composer/testdata/composer_happy.lock'), '/srv/www/composer.lock');
    expect(packages.find((p) => p.name === 'pear/pear_exception')).toEqual({
      name: 'pear/pear_exception',
      version: 'v1.0.2',
      type: 'composer',
      purl: 'pkg:composer/pear/pear_exception@v1.0.2',
      licenses: ['BSD-2-Clause'],
      dev: true,
      path: '/srv/www/composer.lock',
    });
  });

  it('skips an entry without a version with a warning', async () => {
    const text = JSON.stringify({ packages: [{ name: 'a/b' }, { name: 'c/d', version: '1.0.0', license: 'MIT' }] });
    const result = await composerLockCataloger.parse(catalogFile('/app/composer.lock', text));
    expectPackages(result.packages, [{ name: 'c/d', version: '1.0.0', licenses: ['MIT'] }]);
    expect(result.warnings?.[0]).toContain('packages[0]');
  });

  it.each([
    ['truncated JSON', '{"packages": [{"name": "a/b", "vers'],
    ['packages of the wrong type', '{"packages": {"a/b": "1.0"}}'],
  ])('refuses %s as MALFORMED', async (_what, text) => {
    await expect(composerLockCataloger.parse(catalogFile('/app/composer.lock', text))).rejects.toMatchObject({ code: 'MALFORMED' });
  });
});

describe('vendor/composer/installed.json', () => {
  const imagePath = '/srv/www/vendor/composer/installed.json';

  it('reads the Composer 1 array (dev unknown)', async () => {
    const { packages } = await catalogFixture(composerInstalledCataloger, fixture('syft/vendor/composer_1/installed.json'), imagePath);
    expect(packages).toEqual([
      { name: 'asm89/stack-cors', version: '1.3.0', type: 'composer', purl: 'pkg:composer/asm89/stack-cors@1.3.0', licenses: ['MIT'], path: imagePath },
      { name: 'behat/mink', version: 'v1.8.1', type: 'composer', purl: 'pkg:composer/behat/mink@v1.8.1', licenses: ['MIT'], path: imagePath },
    ]);
  });

  it('reads the Composer 2 object with dev-package-names', async () => {
    const { packages } = await catalogFixture(composerInstalledCataloger, fixture('syft/vendor/composer_2/installed.json'), imagePath);
    expectPackages(packages, [
      { name: 'asm89/stack-cors', version: '1.3.0', dev: false },
      { name: 'behat/mink', version: 'v1.8.1', dev: true },
    ]);
  });

  it('wants only vendor/composer/installed.json', () => {
    expect(composerInstalledCataloger.wants({ path: imagePath, size: 1, mode: 0o644 })).toBe(true);
    expect(composerInstalledCataloger.wants({ path: '/srv/www/installed.json', size: 1, mode: 0o644 })).toBe(false);
  });

  it('refuses an object without packages as MALFORMED', async () => {
    await expect(composerInstalledCataloger.parse(catalogFile(imagePath, '{"dev": true}'))).rejects.toMatchObject({ code: 'MALFORMED' });
  });
});

const locksE2e = fileURLToPath(new URL('../../../../../shared/data/pkgdb-fixtures/osv-detector/testdata/locks-e2e/', import.meta.url));

describe.skipIf(!existsSync(locksE2e))('composer.lock: osv-detector locks-e2e counts', () => {
  it.each([
    ['1-composer.lock', 203, 21],
    ['2-composer.lock', 254, 58],
  ])('%s has %i packages', async (file, count, dev) => {
    const { packages, warnings } = await catalogFixture(composerLockCataloger, `${locksE2e}${file}`, '/app/composer.lock');
    expect(packages).toHaveLength(count);
    expect(packages.filter((p) => p.dev)).toHaveLength(dev);
    expect(warnings).toBeUndefined();
  });
});
