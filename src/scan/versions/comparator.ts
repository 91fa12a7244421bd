/**
 * Version ordering for one ecosystem. Each comparator lives in its own file and
 * passes 100% of its upstream's vectors (../shared/data/version-vectors).
 */
export interface VersionComparator {
  /** OSV ecosystem names this comparator orders, e.g. `['Debian', 'Ubuntu']`; release suffixes (`Debian:12`) match by prefix. */
  readonly ecosystems: readonly string[];
  /** Negative, zero or positive as `a` sorts before, equal to, or after `b`. Never throws: unparsable versions sort deterministically (see isValid). */
  compare(a: string, b: string): number;
  /** Whether the version is well-formed for the ecosystem; matching warns about invalid ones instead of guessing. */
  isValid(version: string): boolean;
}
