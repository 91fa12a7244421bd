/**
 * Debian and Ubuntu package versions, `[epoch:]upstream[-revision]`, ordered as
 * dpkg does: parseversion() in lib/dpkg/parsehelp.c decides validity, and
 * verrevcmp() in lib/dpkg/version.c orders upstream and revision (digit runs
 * numerically, everything else by `order()`, where `~` sorts before anything,
 * even the end of the string).
 */
import type { VersionComparator } from './comparator.js';
import { isAsciiDigit, isAsciiLetter } from './numeric-string.js';

export interface DpkgVersion {
  epoch: number;
  upstream: string;
  revision: string;
}

/** dpkg caps the epoch at INT_MAX. */
const MAX_EPOCH = 2 ** 31 - 1;

/** The revision starts after the last `-` (so the upstream version may contain hyphens). */
function splitRevision(rest: string): { upstream: string; revision: string | undefined } {
  const hyphen = rest.lastIndexOf('-');
  return hyphen === -1 ? { upstream: rest, revision: undefined } : { upstream: rest.slice(0, hyphen), revision: rest.slice(hyphen + 1) };
}

/**
 * parseversion(): the epoch ends at the first `:`. Undefined where dpkg reports
 * an error or a warning (empty parts, an epoch that is not a number up to
 * INT_MAX, an upstream version not starting with a digit, characters outside
 * `[A-Za-z0-9.+~:-]` in it or outside `[A-Za-z0-9.+~]` in the revision).
 */
export function parseDpkgVersion(input: string): DpkgVersion | undefined {
  const text = input.trim();
  if (text === '' || /\s/.test(text)) return undefined;
  const colon = text.indexOf(':');
  const epochText = colon === -1 ? '0' : text.slice(0, colon);
  const { upstream, revision } = splitRevision(text.slice(colon + 1));
  if (!/^[0-9]+$/.test(epochText) || Number(epochText) > MAX_EPOCH) return undefined;
  if (!/^[0-9][A-Za-z0-9.+~:-]*$/.test(upstream)) return undefined;
  if (revision !== undefined && !/^[A-Za-z0-9.+~]+$/.test(revision)) return undefined;
  return { epoch: Number(epochText), upstream, revision: revision ?? '' };
}

/**
 * The same split without validation, so that compare() can still order what
 * dpkg would refuse: text before a `:` that is not a (reasonably sized) number
 * is no epoch but part of the upstream version.
 */
function parseLeniently(input: string): DpkgVersion {
  const text = input.trim();
  const epoch = /^([0-9]{1,9}):/.exec(text);
  const { upstream, revision } = splitRevision(epoch === null ? text : text.slice(epoch[0].length));
  return { epoch: epoch === null ? 0 : Number(epoch[1]), upstream, revision: revision ?? '' };
}

/** dpkg's order(): digits 0 (they are compared as numbers elsewhere), letters by code, `~` below everything, other characters after letters. */
function order(c: string | undefined): number {
  if (c === undefined || isAsciiDigit(c)) return 0;
  if (isAsciiLetter(c)) return c.charCodeAt(0);
  if (c === '~') return -1;
  return c.charCodeAt(0) + 256;
}

/** dpkg's verrevcmp() on one upstream version or revision string. */
export function verrevcmp(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while ((i < a.length && !isAsciiDigit(a[i])) || (j < b.length && !isAsciiDigit(b[j]))) {
      const diff = order(a[i]) - order(b[j]);
      if (diff !== 0) return diff;
      i++;
      j++;
    }
    while (a[i] === '0') i++;
    while (b[j] === '0') j++;
    let firstDiff = 0;
    while (isAsciiDigit(a[i]) && isAsciiDigit(b[j])) {
      if (firstDiff === 0) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (isAsciiDigit(a[i])) return 1;
    if (isAsciiDigit(b[j])) return -1;
    if (firstDiff !== 0) return firstDiff;
  }
  return 0;
}

/** dpkg_version_compare(): epoch, then upstream, then revision. */
export function compareDpkgVersions(a: DpkgVersion, b: DpkgVersion): number {
  if (a.epoch !== b.epoch) return a.epoch - b.epoch;
  return verrevcmp(a.upstream, b.upstream) || verrevcmp(a.revision, b.revision);
}

export const dpkgComparator: VersionComparator = {
  ecosystems: ['Debian', 'Ubuntu'],
  compare: (a, b) => Math.sign(compareDpkgVersions(parseLeniently(a), parseLeniently(b))),
  isValid: (version) => parseDpkgVersion(version) !== undefined,
};
