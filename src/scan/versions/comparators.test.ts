import { describe, expect, it } from 'vitest';
import type { VersionComparator } from './comparator.js';
import { comparatorFor, comparators, indexByEcosystem } from './comparators.js';
import { apkComparator, composerComparator, dpkgComparator, goComparator, mavenComparator, nugetComparator, pep440Comparator, rpmComparator, rubygemsComparator, semverComparator } from './index.js';

describe('comparatorFor', () => {
  it('finds the comparator for exact OSV ecosystem names', () => {
    const expected: Record<string, VersionComparator> = {
      Debian: dpkgComparator,
      Ubuntu: dpkgComparator,
      Alpine: apkComparator,
      'Red Hat': rpmComparator,
      'Rocky Linux': rpmComparator,
      AlmaLinux: rpmComparator,
      openSUSE: rpmComparator,
      SUSE: rpmComparator,
      Mageia: rpmComparator,
      npm: semverComparator,
      'crates.io': semverComparator,
      PyPI: pep440Comparator,
      Maven: mavenComparator,
      Go: goComparator,
      RubyGems: rubygemsComparator,
      NuGet: nugetComparator,
      Packagist: composerComparator,
    };
    for (const [ecosystem, comparator] of Object.entries(expected)) expect(comparatorFor(ecosystem), ecosystem).toBe(comparator);
  });

  it('finds it for release-suffixed names too', () => {
    expect(comparatorFor('Debian:12')).toBe(dpkgComparator);
    expect(comparatorFor('Alpine:v3.20')).toBe(apkComparator);
    expect(comparatorFor('Ubuntu:22.04:LTS')).toBe(dpkgComparator);
    expect(comparatorFor('Ubuntu:Pro:18.04:LTS')).toBe(dpkgComparator);
    expect(comparatorFor('Red Hat:enterprise_linux:9::appstream')).toBe(rpmComparator);
    expect(comparatorFor('openSUSE:Leap 15.5')).toBe(rpmComparator);
  });

  it('knows nothing of ecosystems it cannot order, and matches names exactly', () => {
    for (const unknown of ['', 'SwiftURL', 'Hex', 'pypi', 'debian', ' Debian', 'Debian 12', ':Debian']) expect(comparatorFor(unknown), unknown).toBeUndefined();
  });

  it('refuses two comparators claiming one ecosystem, and suffixed claims', () => {
    const npmAgain: VersionComparator = { ...pep440Comparator, ecosystems: ['PyPI2', 'npm'] };
    expect(() => indexByEcosystem([...comparators, npmAgain])).toThrow(/two version comparators claim the ecosystem npm/);
    expect(() => indexByEcosystem([{ ...dpkgComparator, ecosystems: ['Debian:12'] }])).toThrow(/base name/);
    expect(indexByEcosystem(comparators).size).toBe(comparators.reduce((n, c) => n + c.ecosystems.length, 0));
  });
});
