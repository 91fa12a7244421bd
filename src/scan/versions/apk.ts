/**
 * Alpine package versions, ordered as apk-tools' src/version.c does (the
 * token_state rewrite with commit hashes, apk-tools 2.14/3):
 * `digit{.digit}...{letter}{_suffix{number}}...{~hash}{-r#}`. Tokens are compared
 * pairwise while both sides have the same kind; then the side that stopped
 * early wins, except that a pre-release suffix (_alpha _beta _pre _rc) loses.
 * Also the dependency operators, including fuzzy `~` (prefix) matching.
 *
 * Comparison reads leniently where validation does not: Alpine published
 * versions such as openssh's `6.6.2p1-r0` under apk-tools 2.12, whose tokenizer
 * allowed digits after the letter and read a missing number as 0. The current
 * tokenizer stops at the first invalid token (and would call `6.0.2p1-r0` and
 * `6.0.2p1-r1` equal), so compare() accepts those three forms as 2.12 did; on
 * valid versions nothing changes, and it stays one token-by-token order, hence
 * transitive. Anything else invalid still ends the comparison, ranked lowest.
 */
import type { VersionComparator } from './comparator.js';
import { compareNumericStrings, compareStrings, isAsciiDigit } from './numeric-string.js';

/** Token kinds in version.c's order; the order is the semantics (which token may follow which, and who wins at the end). */
const INITIAL_DIGIT = 0;
const DIGIT = 1;
const LETTER = 2;
const SUFFIX = 3;
const SUFFIX_NO = 4;
const COMMIT_HASH = 5;
const REVISION_NO = 6;
const END = 7;
const INVALID = 8;

/** Suffix ranks; NONE (a plain release) is the pivot: below it are pre-releases, above it post-releases. */
const SUFFIX_NONE = 5;
const SUFFIXES: Readonly<Record<string, number>> = { alpha: 1, beta: 2, pre: 3, rc: 4, cvs: 6, svn: 7, git: 8, hg: 9, p: 10 };

interface TokenState {
  /** Read what apk-tools 2.12 read where the current tokenizer gives up (see the header); compare() only. */
  lenient: boolean;
  token: number;
  /** The token's text: digits, one letter, suffix name or hash. */
  value: string;
  suffix: number;
  /** Read position in the version string. */
  pos: number;
}

/** A number token; an empty one is invalid, unless lenient reading takes it as 0. */
function parseDigits(t: TokenState, s: string, kind: number): void {
  const start = t.pos;
  while (isAsciiDigit(s[t.pos])) t.pos++;
  t.value = s.slice(start, t.pos);
  t.token = t.value === '' && !t.lenient ? INVALID : kind;
}

function tokenFirst(s: string, lenient: boolean): TokenState {
  const t: TokenState = { lenient, token: INITIAL_DIGIT, value: '', suffix: 0, pos: 0 };
  parseDigits(t, s, INITIAL_DIGIT);
  return t;
}

function spanWhile(t: TokenState, s: string, accept: (c: string) => boolean): string {
  const start = t.pos;
  while (t.pos < s.length && accept(s[t.pos]!)) t.pos++;
  return s.slice(start, t.pos);
}

const isLower = (c: string) => c >= 'a' && c <= 'z';
const isLowerHex = (c: string) => isAsciiDigit(c) || (c >= 'a' && c <= 'f');

/** token_next(): the kind of the next token follows from its first character and must be allowed after the previous kind. */
function tokenNext(t: TokenState, s: string): void {
  const c = s[t.pos];
  if (c === undefined) t.token = END;
  else if (isLower(c)) nextLetter(t, c);
  else if (c === '.' || isAsciiDigit(c)) nextNumber(t, s, c);
  else if (c === '_') nextSuffix(t, s);
  else if (c === '~') nextCommitHash(t, s);
  else if (c === '-') nextRevision(t, s);
  else invalid(t);
}

/** Ends the token stream: the next character cannot follow the previous token. */
function invalid(t: TokenState): void {
  t.token = INVALID;
}

function nextLetter(t: TokenState, c: string): void {
  if (t.token > DIGIT) return invalid(t);
  t.value = c;
  t.token = LETTER;
  t.pos++;
}

function nextNumber(t: TokenState, s: string, c: string): void {
  if (c === '.') {
    if (t.token > DIGIT) return invalid(t);
    t.pos++;
  }
  // Lenient: digits right after the letter (2.12 allowed `6.6.2p1`).
  if (t.token === INITIAL_DIGIT || t.token === DIGIT || (t.lenient && c !== '.' && t.token === LETTER)) parseDigits(t, s, DIGIT);
  else if (t.token === SUFFIX) parseDigits(t, s, SUFFIX_NO);
  else invalid(t);
}

function nextSuffix(t: TokenState, s: string): void {
  if (t.token > SUFFIX_NO) return invalid(t);
  t.pos++;
  t.value = spanWhile(t, s, isLower);
  t.suffix = SUFFIXES[t.value] ?? 0;
  t.token = t.suffix === 0 ? INVALID : SUFFIX;
}

function nextCommitHash(t: TokenState, s: string): void {
  if (t.token >= COMMIT_HASH) return invalid(t);
  t.pos++;
  t.value = spanWhile(t, s, isLowerHex);
  t.token = t.value === '' ? INVALID : COMMIT_HASH;
}

/** Lenient: a bare `-r` reads as `-r0` (as in 2.12), but not when a letter follows (`-ruff` is a word, not a revision). */
function nextRevision(t: TokenState, s: string): void {
  if (t.token >= REVISION_NO || s[t.pos + 1] !== 'r') return invalid(t);
  t.pos += 2;
  const lenient = t.lenient;
  t.lenient = lenient && !isLower(s[t.pos] ?? '');
  parseDigits(t, s, REVISION_NO);
  t.lenient = lenient;
}

/** token_cmp(): numbers numerically, except that a leading zero after a dot means a string compare (Gentoo's rule); letters and hashes by bytes. */
function tokenCompare(a: TokenState, b: TokenState): number {
  switch (a.token) {
    case DIGIT:
      if (a.value[0] === '0' || b.value[0] === '0') return compareStrings(a.value, b.value);
      return compareNumbers(a.value, b.value);
    case INITIAL_DIGIT:
    case SUFFIX_NO:
    case REVISION_NO:
      return compareNumbers(a.value, b.value);
    case SUFFIX:
      return Math.sign(a.suffix - b.suffix);
    default:
      return compareStrings(a.value, b.value);
  }
}

/** An empty number (only read leniently) counts as 0. */
function compareNumbers(a: string, b: string): number {
  return Math.sign(compareNumericStrings(a || '0', b || '0'));
}

/** apk_version_compare_fuzzy() as -1, 0 or 1; with `fuzzy`, `a` equals `b` when `b` is a prefix of it token-wise (3.6.9 ~ 3.6). */
export function compareApkVersions(a: string, b: string, fuzzy = false): number {
  const ta = tokenFirst(a, true);
  const tb = tokenFirst(b, true);
  while (ta.token === tb.token && ta.token < END) {
    const r = tokenCompare(ta, tb);
    if (r !== 0) return r;
    tokenNext(ta, a);
    tokenNext(tb, b);
  }
  if (ta.token === tb.token) return 0;
  if (tb.token === END && fuzzy) return 0;
  if (ta.token === SUFFIX && ta.suffix < SUFFIX_NONE) return -1;
  if (tb.token === SUFFIX && tb.suffix < SUFFIX_NONE) return 1;
  return ta.token > tb.token ? -1 : 1;
}

const LESS = 1;
const EQUAL = 2;
const GREATER = 4;
const FUZZY = 8;

/** apk_version_result_mask_blob(): an operator with any other character is mask 0, which matches nothing. */
function operatorMask(op: string): number {
  let mask = 0;
  for (const c of op) {
    if (c === '<') mask |= LESS;
    else if (c === '>') mask |= GREATER;
    else if (c === '=') mask |= EQUAL;
    else if (c === '~') mask |= FUZZY | EQUAL;
    else return 0;
  }
  return mask;
}

/**
 * apk_version_match() for a dependency operator: `<` `<=` `=` `>=` `>` and the
 * fuzzy `~` `<~` `>~`; a leading `!` negates (apk's conflict flag).
 */
export function apkVersionMatch(version: string, op: string, other: string): boolean {
  const negate = op.startsWith('!');
  const mask = operatorMask(negate ? op.slice(1) : op);
  const r = compareApkVersions(version, other, (mask & FUZZY) !== 0);
  const result = r < 0 ? LESS : r > 0 ? GREATER : EQUAL;
  return ((result & mask) !== 0) !== negate;
}

/** apk_version_validate(): every token parses and the string ends after a legal token. */
function isValidApkVersion(version: string): boolean {
  const t = tokenFirst(version, false);
  while (t.token < END) tokenNext(t, version);
  return t.token === END;
}

export const apkComparator: VersionComparator = {
  ecosystems: ['Alpine'],
  compare: (a, b) => compareApkVersions(a, b),
  isValid: isValidApkVersion,
};
