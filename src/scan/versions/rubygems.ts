/**
 * RubyGems versions, ordered as Gem::Version#<=> (rubygems/version.rb): the
 * string (with `-` read as `.pre.`) is scanned into number and letter segments;
 * any letter segment makes a pre-release, which sorts before the release;
 * trailing zeros of the release part and of the pre-release part are ignored
 * (canonical_segments), and a letter segment sorts before a number.
 * Strings Gem::Version rejects sort before all valid versions, in natural
 * order (invalid-version-order.ts).
 */
import type { VersionComparator } from './comparator.js';
import { compareInvalidVersions } from './invalid-version-order.js';
import { compareNumericStrings, compareStrings, isAsciiDigit } from './numeric-string.js';

/** Gem::Version::ANCHORED_VERSION_PATTERN; an empty version (which Gem reads as "0") is refused here. */
const VERSION_PATTERN = /^\s*[0-9]+(?:\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?\s*$/;

function isValidGemVersion(version: string): boolean {
  return VERSION_PATTERN.test(version);
}

/** Number segments stay digit strings (Ruby integers are unbounded). */
function segments(version: string): string[] {
  return version.trim().replaceAll('-', '.pre.').match(/[0-9]+|[a-z]+/gi) ?? [];
}

const isNumber = (segment: string) => isAsciiDigit(segment[0]);
const isZero = (segment: string) => /^0+$/.test(segment);

/** canonical_segments: the release part and the pre-release part, each without trailing zeros. */
function canonicalSegments(version: string): string[] {
  const all = segments(version);
  const firstLetter = all.findIndex((s) => !isNumber(s));
  const release = firstLetter === -1 ? all : all.slice(0, firstLetter);
  const prerelease = firstLetter === -1 ? [] : all.slice(firstLetter);
  return [...dropTrailingZeros(release), ...dropTrailingZeros(prerelease)];
}

function dropTrailingZeros(list: string[]): string[] {
  let end = list.length;
  while (end > 0 && isZero(list[end - 1]!)) end--;
  return list.slice(0, end);
}

function compareSegment(lhs: string, rhs: string): number {
  const ln = isNumber(lhs);
  const rn = isNumber(rhs);
  if (ln && rn) return Math.sign(compareNumericStrings(lhs, rhs));
  if (ln !== rn) return ln ? 1 : -1;
  return compareStrings(lhs, rhs);
}

/** Gem::Version#<=>: missing segments count as 0. */
function compareGemVersions(a: string, b: string): number {
  const lhs = canonicalSegments(a);
  const rhs = canonicalSegments(b);
  for (let i = 0; i < Math.max(lhs.length, rhs.length); i++) {
    const r = compareSegment(lhs[i] ?? '0', rhs[i] ?? '0');
    if (r !== 0) return r;
  }
  return 0;
}

function compareRubyGems(a: string, b: string): number {
  const aValid = isValidGemVersion(a);
  const bValid = isValidGemVersion(b);
  if (aValid && bValid) return compareGemVersions(a, b);
  if (!aValid && !bValid) return compareInvalidVersions(a, b);
  return aValid ? 1 : -1;
}

export const rubygemsComparator: VersionComparator = {
  ecosystems: ['RubyGems'],
  compare: compareRubyGems,
  isValid: isValidGemVersion,
};
