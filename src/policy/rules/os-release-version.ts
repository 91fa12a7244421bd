/**
 * Ordering of OS release versions (`12`, `12.5`, `22.04`, `3.20.3`, `2023.4.20240401`)
 * for `os:` conditions and the end-of-life table. Parts are compared as numbers
 * when both are numeric. A bound compares only as many parts as it names, so
 * `<=11` holds for Debian 11.9 and `=3.20` for Alpine 3.20.3.
 */
export function compareOsVersions(version: string, bound: string): number {
  const left = version.trim().split('.');
  const right = bound.trim().split('.');
  for (let index = 0; index < right.length; index++) {
    const a = left[index];
    const b = right[index] as string;
    if (a === undefined) return -1;
    const order = /^\d+$/.test(a) && /^\d+$/.test(b) ? Number(a) - Number(b) : a.localeCompare(b);
    if (order !== 0) return Math.sign(order);
  }
  return 0;
}

/** The first `parts` parts of a version: `releaseOf('3.20.3', 2)` is `3.20`. */
export function releaseOf(version: string, parts: number): string {
  return version.trim().split('.').slice(0, parts).join('.');
}
