import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { catalogFile, catalogFixture, expectPackages } from '../cataloger-harness.js';
import { npmInstalledCataloger as cataloger, npmPackageLockCataloger } from './index.js';

const fixture = (path: string) => fileURLToPath(new URL(`./fixtures/syft/${path}`, import.meta.url));
const wants = (path: string) => cataloger.wants({ path, size: 100, mode: 0o644 });

describe('installed package.json', () => {
  it('reads name, version and licence of an installed package', async () => {
    const { packages } = await catalogFixture(cataloger, fixture('pkg-lock/node_modules/cowsay/package.json'), '/app/node_modules/cowsay/package.json');
    expect(packages).toEqual([{ name: 'cowsay', version: '1.4.0', type: 'npm', purl: 'pkg:npm/cowsay@1.4.0', licenses: ['MIT'], path: '/app/node_modules/cowsay/package.json' }]);
  });

  it('reads scoped packages', async () => {
    const { packages } = await catalogFixture(cataloger, fixture('pkg-lock/node_modules/@actions/core/package.json'), '/app/node_modules/@actions/core/package.json');
    expectPackages(packages, [{ name: '@actions/core', version: '1.6.0', purl: 'pkg:npm/%40actions/core@1.6.0', licenses: ['MIT'] }]);
  });

  it.each([
    ['package-license-objects.json', ['MIT', 'Apache-2.0']],
    ['package-malformed-license.json', ['MIT']],
  ])('reads the legacy licenses field (%s)', async (file, licenses) => {
    const { packages } = await catalogFixture(cataloger, fixture(`pkg-json/${file}`), '/usr/lib/node_modules/npm/package.json');
    expectPackages(packages, [{ name: 'npm', version: '6.14.6', licenses }]);
  });

  it('skips private packages (linked workspace code, never published)', async () => {
    const { packages } = await catalogFixture(cataloger, fixture('pkg-json/package-private.json'), '/usr/lib/node_modules/npm/package.json');
    expect(packages).toEqual([]);
  });

  it('warns about a package without a version', async () => {
    const result = await cataloger.parse(catalogFile('/app/node_modules/x/package.json', '{"name": "x"}'));
    expect(result.packages).toEqual([]);
    expect(result.warnings?.[0]).toContain('has no version');
  });

  it('takes the real name of an aliased install from the manifest, the directory name otherwise', async () => {
    const aliased = await cataloger.parse(catalogFile('/app/node_modules/string-width-cjs/package.json', '{"name": "string-width", "version": "4.2.3"}'));
    expectPackages(aliased.packages, [{ name: 'string-width', version: '4.2.3' }]);
    const nameless = await cataloger.parse(catalogFile('/app/node_modules/@s/x/package.json', '{"version": "1.0.0"}'));
    expectPackages(nameless.packages, [{ name: '@s/x', version: '1.0.0', purl: 'pkg:npm/%40s/x@1.0.0' }]);
  });

  it.each([
    ['/app/node_modules/lodash/package.json', true],
    ['/app/node_modules/@babel/core/package.json', true],
    ['/app/node_modules/a/node_modules/b/package.json', true],
    ['/app/node_modules/a/node_modules/@s/b/package.json', true],
    ['/app/package.json', false],
    ['/app/node_modules/@babel/package.json', false],
    ['/app/node_modules/date-fns/fp/isSaturday/package.json', false],
    ['/app/node_modules/lodash/lib/package.json', false],
    ['/app/node_modules/@s/b/lib/package.json', false],
    ['/app/node_modules/lodash/package.json.bak', false],
  ])('wants %s: %s', (path, wanted) => {
    expect(wants(path)).toBe(wanted);
  });

  it.each([
    ['truncated JSON', '{"name": "a", "vers'],
    ['a wrong type', '{"name": "a", "version": ["1.0.0"]}'],
  ])('refuses %s as MALFORMED', async (_what, text) => {
    await expect(cataloger.parse(catalogFile('/app/node_modules/a/package.json', text))).rejects.toMatchObject({ code: 'MALFORMED' });
  });

  it('reports a package again when its lockfile is also in the image (the scanner de-duplicates by name@version@directory)', async () => {
    const lock = JSON.stringify({ lockfileVersion: 3, packages: { '': { name: 'app' }, 'node_modules/cowsay': { version: '1.4.0', license: 'MIT' } } });
    const fromLock = await npmPackageLockCataloger.parse(catalogFile('/app/package-lock.json', lock));
    const installed = await catalogFixture(cataloger, fixture('pkg-lock/node_modules/cowsay/package.json'), '/app/node_modules/cowsay/package.json');
    expect(fromLock.packages.map((p) => [p.purl, p.path])).toEqual([['pkg:npm/cowsay@1.4.0', '/app/package-lock.json']]);
    expect(installed.packages.map((p) => [p.purl, p.path])).toEqual([['pkg:npm/cowsay@1.4.0', '/app/node_modules/cowsay/package.json']]);
  });
});
