import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { catalogFile, catalogFixture, expectPackages } from '../cataloger-harness.js';
import { pythonInstalledCataloger as cataloger } from './index.js';

const fixture = (path: string) => fileURLToPath(new URL(`./fixtures/syft/${path}`, import.meta.url));
const SITE = '/usr/local/lib/python3.11/site-packages';

describe('installed Python distributions', () => {
  it('reads a wheel METADATA: name as written, PEP 503 purl, one-line License field', async () => {
    const { packages } = await catalogFixture(cataloger, fixture('site-packages/nested/dist-name/dist-info/METADATA'), `${SITE}/Pygments-2.6.1.dist-info/METADATA`);
    expect(packages).toEqual([
      { name: 'Pygments', version: '2.6.1', type: 'python', purl: 'pkg:pypi/pygments@2.6.1', licenses: ['BSD License'], path: `${SITE}/Pygments-2.6.1.dist-info/METADATA` },
    ]);
  });

  it('reads an egg-info PKG-INFO and a single-file egg-info, skipping the long description', async () => {
    const dir = await catalogFixture(cataloger, fixture('site-packages/nested/egg-name/egg-info/PKG-INFO'), `${SITE}/requests-2.22.0-py3.8.egg-info/PKG-INFO`);
    expectPackages(dir.packages, [{ name: 'requests', version: '2.22.0', licenses: ['Apache 2.0'] }]);
    const file = await catalogFixture(cataloger, fixture('site-packages/test/test.egg-info'), `${SITE}/requests-2.22.0-py3.8.egg-info`);
    expectPackages(file.packages, [{ name: 'requests', version: '2.22.0' }]);
    const debian = await catalogFixture(cataloger, fixture('Python-2.7.egg-info'), '/usr/lib/python2.7/lib-dynload/Python-2.7.egg-info');
    expectPackages(debian.packages, [{ name: 'Python', version: '2.7.13', licenses: ['PSF license'], purl: 'pkg:pypi/python@2.7.13' }]);
  });

  it('reads an egg directory (EGG-INFO/PKG-INFO)', async () => {
    const { packages } = await catalogFixture(cataloger, fixture('site-packages/uppercase/egg-name/EGG-INFO/PKG-INFO'), `${SITE}/requests-2.22.0-py3.8.egg/EGG-INFO/PKG-INFO`);
    expectPackages(packages, [{ name: 'requests', version: '2.22.0' }]);
  });

  it('falls back to License :: classifiers, and prefers License-Expression over both', async () => {
    const classified = await catalogFixture(cataloger, fixture('site-packages/license/with-license-file-declared.dist-info/METADATA'), `${SITE}/Pygments-2.6.1.dist-info/METADATA`);
    expectPackages(classified.packages, [{ name: 'Pygments', version: '2.6.1', licenses: ['BSD License'] }]);
    const text = 'Metadata-Version: 2.4\nName: My_Pkg\nVersion: 1.0\nLicense: MIT License\nLicense-Expression: MIT OR Apache-2.0\nClassifier: License :: OSI Approved :: MIT License\n\nbody';
    const spdx = await cataloger.parse(catalogFile(`${SITE}/My_Pkg-1.0.dist-info/METADATA`, text));
    expectPackages(spdx.packages, [{ name: 'My_Pkg', version: '1.0', licenses: ['MIT OR Apache-2.0'], purl: 'pkg:pypi/my-pkg@1.0' }]);
  });

  it('ignores a License field that holds the whole licence text', async () => {
    const text = 'Name: x\nVersion: 1\nLicense: Copyright (c) someone\n        Permission is hereby granted\n\n';
    const { packages } = await cataloger.parse(catalogFile(`${SITE}/x-1.dist-info/METADATA`, text));
    expect(packages[0]?.licenses).toBeUndefined();
  });

  it.each([
    ['no-version', 'site-packages/no-version/no-version-py3.8.egg-info'],
    ['empty', 'empty-1.0.0-py3.8.egg-info'],
  ])('warns about metadata without a version (%s)', async (_what, path) => {
    const result = await catalogFixture(cataloger, fixture(path), `${SITE}/x-py3.8.egg-info`);
    expect(result.packages).toEqual([]);
    expect(result.warnings).toHaveLength(1);
  });

  it('survives binary garbage', async () => {
    const result = await cataloger.parse(catalogFile(`${SITE}/x.dist-info/METADATA`, Buffer.from([0, 255, 254, 10, 58, 58, 0])));
    expect(result.packages).toEqual([]);
  });

  it.each([
    [`${SITE}/x-1.0.dist-info/METADATA`, true],
    [`${SITE}/X-1.0.DIST-INFO/METADATA`, true],
    [`${SITE}/x-1.0-py3.8.egg-info/PKG-INFO`, true],
    [`${SITE}/x-1.0-py3.8.egg-info`, true],
    [`${SITE}/x-1.0-py3.8.egg/EGG-INFO/PKG-INFO`, true],
    [`${SITE}/x-1.0.dist-info/RECORD`, false],
    [`${SITE}/x-1.0-py3.8.egg-info/top_level.txt`, false],
    ['/app/METADATA', false],
  ])('wants %s: %s', (path, wanted) => {
    expect(cataloger.wants({ path, size: 100, mode: 0o644 })).toBe(wanted);
  });
});
