/**
 * Packagist (Composer) versions, ordered as PHP's version_compare()
 * (ext/standard/versioning.c) on the version without its `v`/`V` prefix:
 * php_canonicalize_version() puts a `.` between digit and non-digit runs and
 * turns `-`, `_`, `+` into `.`; parts then compare numerically, or as special
 * forms ranked dev < alpha = a < beta = b < RC = rc < # < pl = p (matched as
 * prefixes, case-sensitively; any other word ranks below dev), where a number
 * against a word counts as `#`. A part left over after the shorter version
 * wins if it is a number, and is otherwise compared with `#`.
 *
 * Two deliberate differences: numbers compare exactly (PHP's strtol saturates,
 * making all huge numbers equal), and a `#` inside the version stays the
 * special form `#` (PHP drops it unless a digit precedes it). isValid() is Composer's
 * VersionParser::normalize() acceptance; ordering does not use Composer's
 * normalised form, because version_compare on the tag is what Packagist and
 * the advisories' ranges were checked with (`1.0.0 > 1.0`, `1.9.0-ALPHA.1 =
 * 1.9.0-BETA.1`: the uppercase words are not special forms).
 */
import type { VersionComparator } from './comparator.js';
import { isValidComposerVersion } from './composer-version.js';
import { compareNumericStrings, isAsciiDigit } from './numeric-string.js';

const SPECIAL_FORMS: ReadonlyArray<readonly [string, number]> = [
  ['dev', 0],
  ['alpha', 1],
  ['a', 1],
  ['beta', 2],
  ['b', 2],
  ['RC', 3],
  ['rc', 3],
  ['#', 4],
  ['pl', 5],
  ['p', 5],
];

/** compare_special_version_forms() rank of one part: the first special form it starts with, else -1. */
function specialRank(part: string): number {
  return SPECIAL_FORMS.find(([name]) => part.startsWith(name))?.[1] ?? -1;
}

const isAlnum = (c: string) => isAsciiDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
/** versioning.c's isndig(): neither a digit nor a dot. */
const isNonDigit = (c: string) => !isAsciiDigit(c) && c !== '.';

/**
 * php_canonicalize_version(), split at dots: `-_+` become `.`; a `.` goes
 * between a digit and a non-digit (keeping the character, even punctuation);
 * other punctuation after a non-digit becomes `.`; dots never double. The
 * first character is copied as is. Deviation: `#` is always kept.
 */
function canonicalParts(version: string): string[] {
  let out = version[0]!;
  let previous = out;
  for (const c of version.slice(1)) {
    const dot = out.endsWith('.') ? '' : '.';
    if (c === '-' || c === '_' || c === '+') out += dot;
    else if ((isNonDigit(previous) && isAsciiDigit(c)) || (isAsciiDigit(previous) && isNonDigit(c))) out += dot + c;
    else if (!isAlnum(c) && c !== '#') out += dot;
    else out += c;
    previous = c;
  }
  return out.split('.');
}

/** One part against another: numbers by value, words by special-form rank, a number counting as `#`. */
function comparePart(a: string, b: string): number {
  const aNumber = isAsciiDigit(a[0]);
  const bNumber = isAsciiDigit(b[0]);
  if (aNumber && bNumber) return Math.sign(compareNumericStrings(a, b));
  return Math.sign(specialRank(aNumber ? '#' : a) - specialRank(bNumber ? '#' : b));
}

/** The rest of the version from part `i` on, as the C loop's pointer sees it. */
const rest = (parts: readonly string[], i: number) => parts.slice(i).join('.');

/**
 * php_version_compare()'s loop: walk both part lists while both have a current
 * part and text left; then a version with parts left over is greater if the
 * next one is a number, else that remainder is compared with `#`.
 */
function compareParts(a: readonly string[], b: readonly string[]): number {
  let i = 0;
  let aMore = true;
  let bMore = true;
  while (aMore && bMore && rest(a, i) !== '' && rest(b, i) !== '') {
    const r = comparePart(a[i]!, b[i]!);
    if (r !== 0) return r;
    aMore = i < a.length - 1;
    bMore = i < b.length - 1;
    i++;
  }
  if (aMore) return compareRemainder(rest(a, i), a.slice(i));
  if (bMore) return -compareRemainder(rest(b, i), b.slice(i));
  return 0;
}

function compareRemainder(text: string, parts: readonly string[]): number {
  if (text === '') return -1; // version_compare("", "#N#")
  if (isAsciiDigit(text[0])) return 1;
  return compareParts(parts, ['#']);
}

function stripV(version: string): string {
  return version.trim().replace(/^[vV]+/, '');
}

/**
 * version_compare(a, b) on the `v`-less tags, as -1, 0 or 1. Identical
 * canonical forms are equal (PHP would call `1.` less than itself).
 */
export function phpVersionCompare(a: string, b: string): number {
  const x = stripV(a);
  const y = stripV(b);
  if (x === '' || y === '') return x === y ? 0 : x === '' ? -1 : 1;
  const xs = canonicalParts(x);
  const ys = canonicalParts(y);
  if (xs.join('.') === ys.join('.')) return 0;
  return compareParts(xs, ys);
}

export const composerComparator: VersionComparator = {
  ecosystems: ['Packagist'],
  compare: phpVersionCompare,
  isValid: isValidComposerVersion,
};
