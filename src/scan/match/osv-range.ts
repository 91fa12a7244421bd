/**
 * Whether a version is affected by an OSV `affected` entry, following the OSV
 * schema's evaluation ("Evaluation" section): explicit `versions`, then each
 * ECOSYSTEM or SEMVER range — events sorted, `introduced` opens, `fixed` and
 * `last_affected` close, `limit` bounds. GIT ranges name commits, not versions,
 * and are ignored.
 */
import type { VersionComparator } from '../versions/comparator.js';
import type { AffectedEntry, OsvEvent, OsvRange } from '../vulndb/index.js';

export interface RangeVerdict {
  affected: boolean;
  /** The fix for the range that matched: the first `fixed` above the version. */
  fixedVersion?: string;
}

export function evaluateAffected(version: string, entry: AffectedEntry, ecosystem: VersionComparator, semver: VersionComparator): RangeVerdict {
  const listed = entry.versions.includes(version);
  let fixedVersion: string | undefined;
  let inRange = false;
  for (const range of entry.ranges) {
    if (range.type === 'GIT') continue;
    const comparator = range.type === 'SEMVER' ? semverLoose(semver) : ecosystem;
    const verdict = evaluateRange(version, range, comparator);
    if (verdict.affected) {
      inRange = true;
      fixedVersion = lowest(comparator, fixedVersion, verdict.fixedVersion);
    }
  }
  return { affected: listed || inRange, fixedVersion };
}

function evaluateRange(version: string, range: OsvRange, compare: VersionComparator): RangeVerdict {
  const events = [...range.events].sort((a, b) => order(compare, a, b));
  let affected = false;
  let fixedVersion: string | undefined;
  for (const event of events) {
    if (event.kind === 'introduced') {
      if (event.version === '0' || compare.compare(version, event.version) >= 0) affected = true;
    } else if (event.kind === 'fixed') {
      if (compare.compare(version, event.version) >= 0) affected = false;
      else if (affected && fixedVersion === undefined) fixedVersion = event.version;
    } else if (event.kind === 'last_affected') {
      if (compare.compare(version, event.version) > 0) affected = false;
    } else if (compare.compare(version, event.version) >= 0) {
      affected = false;
    }
  }
  return { affected, fixedVersion: affected ? fixedVersion : undefined };
}

/** `introduced: "0"` sorts first; equal versions keep introduced before its closing event. */
function order(compare: VersionComparator, a: OsvEvent, b: OsvEvent): number {
  if (a.kind === 'introduced' && a.version === '0') return -1;
  if (b.kind === 'introduced' && b.version === '0') return 1;
  const byVersion = compare.compare(a.version, b.version);
  if (byVersion !== 0) return byVersion;
  return (a.kind === 'introduced' ? 0 : 1) - (b.kind === 'introduced' ? 0 : 1);
}

/** OSV SEMVER ranges are written without a `v` (Go: `1.20.4`) while Go versions carry one: compare without it. */
function semverLoose(semver: VersionComparator): VersionComparator {
  const strip = (version: string) => version.replace(/^v/, '');
  return { ecosystems: semver.ecosystems, compare: (a, b) => semver.compare(strip(a), strip(b)), isValid: (v) => semver.isValid(strip(v)) };
}

function lowest(compare: VersionComparator, a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return compare.compare(a, b) <= 0 ? a : b;
}
