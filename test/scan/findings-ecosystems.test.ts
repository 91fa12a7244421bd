/**
 * One matching test per language ecosystem against the real staged advisories:
 * each package (as its cataloger reports it) must meet the advisories that name
 * it, with the ecosystem's own version ordering and name rules.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { matchPackages, VulnerabilityIndex, type Package, type PackageType } from '../../src/scan/index.js';
import { openSource, parseOsvRecord, type OsvRecord } from '../../src/scan/vulndb/index.js';

const OSV = path.resolve(import.meta.dirname, '../../../shared/data/osv-advisories');
let index: VulnerabilityIndex;

beforeAll(async () => {
  const records: OsvRecord[] = [];
  for (const folder of ['pypi-pypa/vulns-json', 'crates.io-rustsec/crates', 'ghsa-npm-maven-rubygems/advisories', 'ghsa-from-trivy-db-testdata', 'go-vulndb/osv']) {
    const source = await openSource(path.join(OSV, folder));
    for await (const entry of source.entries()) {
      if (!('content' in entry)) continue;
      const parsed = parseOsvRecord(JSON.parse(entry.content.toString('utf8')));
      if (parsed.ok) records.push(parsed.record);
    }
    await source.close();
  }
  index = VulnerabilityIndex.fromRecords(records);
});

function pkg(type: PackageType, name: string, version: string): Package {
  return { name, version, type, purl: `pkg:${type}/${name}@${version}`, path: `/app/${type}` };
}

const ids = (packages: Package[]) =>
  matchPackages(packages, undefined, index)
    .findings.map((f) => `${f.id} ${f.package} ${f.fixedVersion ?? 'unfixed'}`)
    .sort();

describe('matching per ecosystem', () => {
  it('PyPI: names compare normalised (PEP 503), versions by PEP 440', () => {
    const found = ids([pkg('python', 'Jinja2', '2.7.1')]);
    expect(found).toContain('CVE-2014-1402 Jinja2 2.7.2');
    expect(ids([pkg('python', 'jinja2', '3.1.4')])).not.toContain('CVE-2014-1402 jinja2 2.7.2');
  });

  it('crates.io: two affected ranges, only the one the version is in counts', () => {
    expect(ids([pkg('cargo', 'smallvec', '1.6.0')])).toContain('CVE-2021-25900 smallvec 1.6.1');
    expect(ids([pkg('cargo', 'smallvec', '0.6.13')])).toContain('CVE-2021-25900 smallvec 0.6.14');
    expect(ids([pkg('cargo', 'smallvec', '0.6.14')])).not.toContain('CVE-2021-25900 smallvec 0.6.14');
  });

  it('Maven: group:artifact names and ComparableVersion ordering (log4shell and its successors)', () => {
    const found = ids([pkg('java', 'org.apache.logging.log4j:log4j-core', '2.14.1')]);
    expect(found).toEqual(expect.arrayContaining(['CVE-2021-44228 org.apache.logging.log4j:log4j-core 2.15.0', 'CVE-2021-45046 org.apache.logging.log4j:log4j-core 2.16.0']));
    expect(ids([pkg('java', 'org.springframework:spring-beans', '5.2.19.RELEASE')])).toContain('CVE-2022-22965 org.springframework:spring-beans 5.2.20.RELEASE');
    expect(ids([pkg('java', 'org.springframework:spring-beans', '5.2.20.RELEASE')])).not.toContain('CVE-2022-22965 org.springframework:spring-beans 5.2.20.RELEASE');
  });

  it('RubyGems, NuGet and Packagist', () => {
    expect(ids([pkg('gem', 'rack', '2.0.9')])).toContain('CVE-2023-27530 rack 2.0.9.3');
    // Two affected lines (before 5.6.8, and 6.0.0 up to 6.4.2): each version gets its own line's fix.
    expect(ids([pkg('gem', 'puma', '5.6.7')])).toContain('CVE-2024-21647 puma 5.6.8');
    expect(ids([pkg('gem', 'puma', '6.3.0')])).toContain('CVE-2024-21647 puma 6.4.2');
    expect(ids([pkg('gem', 'puma', '5.6.8')]).some((id) => id.startsWith('CVE-2024-21647'))).toBe(false);
    expect(ids([pkg('dotnet', 'Microsoft.NETCore.App.Runtime.linux-arm', '9.0.5')])).toContain('CVE-2025-30399 Microsoft.NETCore.App.Runtime.linux-arm 9.0.6');
    expect(ids([pkg('composer', 'contao/core-bundle', '4.4.45')])).toContain('CVE-2019-19745 contao/core-bundle 4.4.46');
  });

  it('Go modules by their module path, pseudo-versions included', () => {
    expect(ids([pkg('go', 'golang.org/x/crypto', 'v0.0.0-20200622213623-75b288015ac9')]).length).toBeGreaterThan(0);
    expect(ids([pkg('go', 'golang.org/x/crypto', 'v0.45.0')])).toContain('CVE-2026-39827 golang.org/x/crypto v0.52.0');
    expect(ids([pkg('go', 'golang.org/x/crypto', 'v0.52.0')]).some((id) => id.startsWith('CVE-2026-39827'))).toBe(false);
  });
});
