/**
 * RPM package versions, `[epoch:]version[-release]`, ordered as rpm does:
 * rpmvercmp() (rpmio/rpmvercmp.c) on each part, where alphanumeric segments are
 * compared (numbers numerically and above letters), separators only separate,
 * `~` sorts before everything (even the end) and `^` after the base version but
 * before anything longer. The EVR split follows rpmverParse(); a missing
 * release sorts before any release, as in rpmVersionCompare().
 */
import type { VersionComparator } from './comparator.js';
import { compareNumericStrings, compareStrings, isAsciiDigit, isAsciiLetter } from './numeric-string.js';

export interface RpmVersion {
  /** Digits only; "0" when absent. */
  epoch: string;
  version: string;
  release: string | undefined;
}

const isAlnum = (c: string | undefined) => isAsciiDigit(c) || isAsciiLetter(c);

/** rpmverParse(): an epoch only when all-digit text precedes the first `:`; the release after the last `-`. */
export function parseRpmVersion(evr: string): RpmVersion {
  const epochMatch = /^([0-9]*):/.exec(evr);
  const rest = epochMatch === null ? evr : evr.slice(epochMatch[0].length);
  const hyphen = rest.lastIndexOf('-');
  return {
    epoch: epochMatch?.[1] || '0',
    version: hyphen === -1 ? rest : rest.slice(0, hyphen),
    release: hyphen === -1 ? undefined : rest.slice(hyphen + 1),
  };
}

/** Skips separators: everything but ASCII letters, digits, `~` and `^` (non-ASCII characters too, as rpm's risalnum is ASCII-only). */
function skipSeparators(s: string, i: number): number {
  while (i < s.length && !isAlnum(s[i]) && s[i] !== '~' && s[i] !== '^') i++;
  return i;
}

/** rpmvercmp() as -1, 0 or 1. */
export function rpmvercmp(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    i = skipSeparators(a, i);
    j = skipSeparators(b, j);
    const marker = compareMarkers(a[i], b[j]);
    if (marker === 'both') {
      i++;
      j++;
      continue;
    }
    if (marker !== undefined) return marker;
    if (i >= a.length || j >= b.length) break;
    const isNumber = isAsciiDigit(a[i]);
    const inSegment = isNumber ? isAsciiDigit : isAsciiLetter;
    const endA = segmentEnd(a, i, inSegment);
    const endB = segmentEnd(b, j, inSegment);
    // A numeric segment against a letter segment: numbers are newer.
    if (endB === j) return isNumber ? 1 : -1;
    const one = a.slice(i, endA);
    const two = b.slice(j, endB);
    const r = isNumber ? Math.sign(compareNumericStrings(one, two)) : compareStrings(one, two);
    if (r !== 0) return r;
    i = endA;
    j = endB;
  }
  if (i >= a.length && j >= b.length) return 0;
  return i >= a.length ? -1 : 1;
}

/**
 * The `~` and `^` rules at the current positions: a number to return, `both`
 * when both sides carry the same marker (skip it), undefined when neither does.
 */
function compareMarkers(one: string | undefined, two: string | undefined): number | 'both' | undefined {
  if (one === '~' || two === '~') {
    if (one !== '~') return 1;
    if (two !== '~') return -1;
    return 'both';
  }
  if (one === '^' || two === '^') {
    if (one === undefined) return -1;
    if (two === undefined) return 1;
    if (one !== '^') return 1;
    if (two !== '^') return -1;
    return 'both';
  }
  return undefined;
}

function segmentEnd(s: string, start: number, inSegment: (c: string | undefined) => boolean): number {
  let end = start;
  while (end < s.length && inSegment(s[end])) end++;
  return end;
}

/** rpmVersionCompare(): epoch numerically, then version, then release; an absent part sorts before a present one. */
export function compareRpmVersions(a: RpmVersion, b: RpmVersion): number {
  return (
    Math.sign(compareNumericStrings(a.epoch, b.epoch)) ||
    rpmvercmp(a.version, b.version) ||
    compareOptional(a.release, b.release)
  );
}

function compareOptional(a: string | undefined, b: string | undefined): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
  return rpmvercmp(a, b);
}

/** What rpmbuild accepts in Version and Release (no macros here): ASCII letters, digits and `._+~^`, neither part empty. */
const RPM_EVR = /^(?:[0-9]+:)?[A-Za-z0-9._+~^]+(?:-[A-Za-z0-9._+~^]+)?$/;

export const rpmComparator: VersionComparator = {
  ecosystems: ['Red Hat', 'Rocky Linux', 'AlmaLinux', 'CentOS', 'Fedora', 'openSUSE', 'SUSE', 'Oracle Linux', 'Amazon Linux', 'Mageia'],
  compare: (a, b) => compareRpmVersions(parseRpmVersion(a), parseRpmVersion(b)),
  isValid: (version) => RPM_EVR.test(version),
};
