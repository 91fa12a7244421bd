import { describe, expect, it } from 'vitest';
import type { Package } from '../catalog/package.js';
import type { AnalyzedFile } from '../layers/layer-analysis.js';
import type { SquashedImage } from '../layers/squash.js';
import { buildInventory } from './build-inventory.js';

const squashed = (files: AnalyzedFile[]): SquashedImage => ({ files, osCandidates: files.flatMap((f) => (f.os ? [f.os] : [])), unresolvedLinks: [], errors: [] });
const npm = (name: string, version: string, path: string, extra: Partial<Package> = {}): Package => ({ name, version, type: 'npm', purl: `pkg:npm/${name}@${version}`, path, ...extra });

describe('buildInventory', () => {
  it('names the distribution in OS purls once the OS is known', () => {
    const inventory = buildInventory(
      squashed([
        { path: '/etc/os-release', cataloger: 'os-release', packages: [], os: { family: 'ubuntu', version: '22.04', source: '/etc/os-release' } },
        { path: '/var/lib/dpkg/status', cataloger: 'dpkg', packages: [{ name: 'bash', version: '5.1-6ubuntu1', type: 'dpkg', purl: 'pkg:deb/debian/bash@5.1-6ubuntu1?arch=amd64', path: '/var/lib/dpkg/status' }] },
      ]),
    );
    expect(inventory.os?.family).toBe('ubuntu');
    expect(inventory.packages[0]?.purl).toBe('pkg:deb/ubuntu/bash@5.1-6ubuntu1?arch=amd64&distro=ubuntu-22.04');
  });

  it('drops language packages whose files the OS package manager owns', () => {
    const metadata = '/usr/lib/python3/dist-packages/PyYAML-6.0.dist-info/METADATA';
    const inventory = buildInventory(
      squashed([
        { path: '/var/lib/dpkg/info/python3-yaml.list', cataloger: 'dpkg-files', packages: [], ownedFiles: [metadata] },
        { path: metadata, cataloger: 'python-installed', packages: [{ name: 'PyYAML', version: '6.0', type: 'python', purl: 'pkg:pypi/pyyaml@6.0', path: metadata }] },
        { path: '/app/venv/x.dist-info/METADATA', cataloger: 'python-installed', packages: [{ name: 'x', version: '1', type: 'python', purl: 'pkg:pypi/x@1', path: '/app/venv/x.dist-info/METADATA' }] },
      ]),
    );
    expect(inventory.packages.map((p) => p.name)).toEqual(['x']);
  });

  it('reports one package per install when a lockfile and its node_modules are both present — also at the root', () => {
    for (const root of ['/app', '']) {
      const inventory = buildInventory(
        squashed([
          { path: `${root}/package-lock.json`, cataloger: 'npm-package-lock', packages: [npm('lodash', '4.17.15', `${root}/package-lock.json`)] },
          { path: `${root}/node_modules/lodash/package.json`, cataloger: 'npm-installed', packages: [npm('lodash', '4.17.15', `${root}/node_modules/lodash/package.json`, { licenses: ['MIT'] })] },
          { path: `${root}/other/package-lock.json`, cataloger: 'npm-package-lock', packages: [npm('lodash', '4.17.15', `${root}/other/package-lock.json`)] },
        ]),
      );
      expect(inventory.packages.map((p) => p.path)).toEqual([`${root}/node_modules/lodash/package.json`, `${root}/other/package-lock.json`]);
      expect(inventory.packages[0]?.licenses).toEqual(['MIT']);
    }
  });

  it('passes on warnings with their file', () => {
    const inventory = buildInventory(squashed([{ path: '/app/requirements.txt', cataloger: 'pip-requirements', packages: [], warnings: ['flask>=2 is not pinned'] }]));
    expect(inventory.warnings).toEqual(['/app/requirements.txt: flask>=2 is not pinned']);
  });
});
