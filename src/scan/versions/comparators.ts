/**
 * Every version comparator Airlock uses, in one explicit list (no
 * self-registration), and the lookup by OSV ecosystem name. Adding an
 * ecosystem: a comparator file, a line here, its vectors test
 * (docs/adding-an-ecosystem.md).
 */
import { apkComparator } from './apk.js';
import type { VersionComparator } from './comparator.js';
import { composerComparator } from './composer.js';
import { dpkgComparator } from './dpkg.js';
import { goComparator } from './go.js';
import { mavenComparator } from './maven.js';
import { nugetComparator } from './nuget.js';
import { pep440Comparator } from './pep440.js';
import { rpmComparator } from './rpm.js';
import { rubygemsComparator } from './rubygems.js';
import { semverComparator } from './semver.js';

export const comparators: readonly VersionComparator[] = Object.freeze([
  dpkgComparator,
  apkComparator,
  rpmComparator,
  semverComparator,
  pep440Comparator,
  mavenComparator,
  goComparator,
  rubygemsComparator,
  nugetComparator,
  composerComparator,
]);

/** Indexes comparators by the OSV ecosystems they claim; two claiming one ecosystem is a programming error. */
export function indexByEcosystem(list: readonly VersionComparator[]): ReadonlyMap<string, VersionComparator> {
  const index = new Map<string, VersionComparator>();
  for (const comparator of list) {
    for (const ecosystem of comparator.ecosystems) {
      if (ecosystem.includes(':')) throw new Error(`comparator ecosystem ${ecosystem} must be a base name, without a release suffix`);
      if (index.has(ecosystem)) throw new Error(`two version comparators claim the ecosystem ${ecosystem}`);
      index.set(ecosystem, comparator);
    }
  }
  return index;
}

const byEcosystem = indexByEcosystem(comparators);

/**
 * The comparator for an OSV ecosystem name, exact (`PyPI`, `crates.io`) or with
 * a release suffix after the first colon (`Debian:12`, `Alpine:v3.20`,
 * `Ubuntu:22.04:LTS`, `Red Hat:enterprise_linux:9::appstream`); undefined for an
 * ecosystem Airlock cannot order. Names are case-sensitive, as in OSV.
 */
export function comparatorFor(osvEcosystem: string): VersionComparator | undefined {
  const colon = osvEcosystem.indexOf(':');
  return byEcosystem.get(colon === -1 ? osvEcosystem : osvEcosystem.slice(0, colon));
}
