/**
 * npm and crates.io versions: SemVer 2.0.0 precedence (semver.org §11) through
 * npm's own `semver` package (node-semver), so ordering and npm ranges agree
 * with the npm CLI. A leading `v` is tolerated, as npm does.
 *
 * isValid() is strict SemVer (plus that `v`). compare() also orders what npm
 * parses in loose mode (`=1.2.3`, `v 1.2.3`) by precedence; anything npm cannot
 * parse at all sorts before every version, among itself in natural order
 * (invalid-version-order.ts), so compare() never throws.
 */
import semver from 'semver';
import type { VersionComparator } from './comparator.js';
import { compareInvalidVersions } from './invalid-version-order.js';

function parseLoose(version: string): semver.SemVer | null {
  return semver.parse(version, { loose: true });
}

function compareSemver(a: string, b: string): number {
  const x = parseLoose(a);
  const y = parseLoose(b);
  if (x === null || y === null) {
    if (x === null && y === null) return compareInvalidVersions(a, b);
    return x === null ? -1 : 1;
  }
  // compareMain + comparePre: build metadata does not take part in precedence (§10).
  return x.compare(y);
}

function isValidSemver(version: string): boolean {
  return version === version.trim() && semver.valid(version) !== null;
}

/**
 * Whether `version` satisfies the npm range `range` (`^1.2.3`, `1.x || >=2.5.0 <3`,
 * `1.2.3 - 2.3.4`, …), with node-semver's options (`loose`, `includePrerelease`).
 */
export function satisfies(version: string, range: string, options?: boolean | semver.RangeOptions): boolean {
  return semver.satisfies(version, range, options);
}

export const semverComparator: VersionComparator = {
  ecosystems: ['npm', 'crates.io'],
  compare: compareSemver,
  isValid: isValidSemver,
};
