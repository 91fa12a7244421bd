/**
 * PyPI versions: PEP 440 ordering (epoch, release with trailing zeros ignored,
 * dev < pre < final < post, local segments) through @renovatebot/pep440, a port
 * of pypa/packaging's Version.
 *
 * Strings PEP 440 rejects (`0.9-doduo`, `2.0.0-beta.1-SNAPSHOT`) are still found
 * in old releases and advisories. They are ordered as packaging's LegacyVersion
 * did (packaging < 22, setuptools' pre-PEP 440 scheme): before every valid
 * version, and among themselves by the legacy key below. That keeps the order
 * total and matches what pip used to do with them.
 */
import { clean, compare as comparePep440, valid } from '@renovatebot/pep440';
import type { VersionComparator } from './comparator.js';
import { compareStrings } from './numeric-string.js';

/** packaging accepts surrounding whitespace (its pattern is `^\s*VERSION\s*$`); the library does not. */
function isValidPep440(version: string): boolean {
  return valid(version.trim()) !== null;
}

/** The PEP 440 normal form (`1.0-ALPHA1` → `1.0a1`), or undefined for an invalid version. */
export function normalizePep440(version: string): string | undefined {
  return isValidPep440(version) ? (clean(version) ?? undefined) : undefined;
}

/** Legacy parts: numbers zero-padded to 8 digits, words marked with `*`, the way pkg_resources compared them. */
const LEGACY_COMPONENT = /(\d+|[a-z]+|\.|-)/;
const LEGACY_REPLACEMENTS: Readonly<Record<string, string>> = { pre: 'c', preview: 'c', '-': 'final-', rc: 'c', dev: '@' };

function* legacyParts(version: string): Generator<string> {
  for (const raw of version.split(LEGACY_COMPONENT)) {
    const part = LEGACY_REPLACEMENTS[raw] ?? raw;
    if (part === '' || part === '.') continue;
    yield /^[0-9]/.test(part) ? part.padStart(8, '0') : `*${part}`;
  }
  // alpha/beta/candidate sort before final
  yield '*final';
}

/** packaging's _legacy_cmpkey(): drops a `-` before a pre-release word and trailing zeros of each numeric series. */
export function legacyKey(version: string): string[] {
  const parts: string[] = [];
  for (const part of legacyParts(version.toLowerCase())) {
    if (part.startsWith('*')) {
      if (part < '*final') {
        while (parts.at(-1) === '*final-') parts.pop();
      }
      while (parts.at(-1) === '00000000') parts.pop();
    }
    parts.push(part);
  }
  return parts;
}

/** Python's tuple comparison of the two keys. */
function compareLegacy(a: string, b: string): number {
  const x = legacyKey(a);
  const y = legacyKey(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const r = compareStrings(x[i]!, y[i]!);
    if (r !== 0) return r;
  }
  return Math.sign(x.length - y.length);
}

function comparePyPI(a: string, b: string): number {
  const aValid = isValidPep440(a);
  const bValid = isValidPep440(b);
  if (aValid && bValid) return Math.sign(comparePep440(a.trim(), b.trim()));
  if (!aValid && !bValid) return compareLegacy(a, b);
  // LegacyVersion's epoch is -1: every legacy version sorts before every PEP 440 one.
  return aValid ? 1 : -1;
}

export const pep440Comparator: VersionComparator = {
  ecosystems: ['PyPI'],
  compare: comparePyPI,
  isValid: isValidPep440,
};
