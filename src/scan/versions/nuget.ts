/**
 * NuGet package versions, ordered as NuGet.Versioning's VersionComparer.Default:
 * SemVer 2.0 with up to four numeric parts (`Major.Minor.Patch.Revision`,
 * missing ones 0, leading zeros allowed), release labels compared
 * case-insensitively (numeric labels numerically and before alphanumeric
 * ones), a release after its pre-releases, and build metadata ignored.
 * Strings that are not version syntax sort before all versions, in natural
 * order (invalid-version-order.ts); numeric parts beyond Int32, which NuGet
 * rejects (isValid says so), are still ordered by value.
 */
import type { VersionComparator } from './comparator.js';
import { compareInvalidVersions } from './invalid-version-order.js';
import { compareNumericStrings } from './numeric-string.js';

interface NuGetVersion {
  /** Four digit strings. */
  parts: string[];
  labels: string[];
}

const LABEL = '[0-9A-Za-z-]+';
const PATTERN = new RegExp(`^([0-9]+(?:\\.[0-9]+){0,3})(?:-(${LABEL}(?:\\.${LABEL})*))?(?:\\+${LABEL}(?:\\.${LABEL})*)?$`);
const INT32_MAX = '2147483647';

/** Syntax only; numeric parts are kept as strings, so ordering does not depend on their size. */
function parseSyntax(version: string): NuGetVersion | undefined {
  const match = PATTERN.exec(version.trim());
  if (match === null) return undefined;
  const parts = match[1]!.split('.');
  while (parts.length < 4) parts.push('0');
  return { parts, labels: match[2] === undefined ? [] : match[2].split('.') };
}

const fitsInt32 = (digits: string) => compareNumericStrings(digits, INT32_MAX) <= 0;

/** NuGetVersion.TryParse also needs every numeric part to be an Int32. */
function isValidNuGetVersion(version: string): boolean {
  return parseSyntax(version)?.parts.every(fitsInt32) ?? false;
}

/** CompareRelease(): a label is numeric when it parses as an Int32. */
function compareLabel(a: string, b: string): number {
  const an = /^[0-9]+$/.test(a) && fitsInt32(a);
  const bn = /^[0-9]+$/.test(b) && fitsInt32(b);
  if (an && bn) return Math.sign(compareNumericStrings(a, b));
  if (an !== bn) return an ? -1 : 1;
  // StringComparer.OrdinalIgnoreCase compares the upper-cased strings.
  const x = a.toUpperCase();
  const y = b.toUpperCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

function compareLabels(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return a.length === b.length ? 0 : a.length === 0 ? 1 : -1;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (i >= a.length) return -1;
    if (i >= b.length) return 1;
    const r = compareLabel(a[i]!, b[i]!);
    if (r !== 0) return r;
  }
  return 0;
}

function compareNuGet(a: string, b: string): number {
  const x = parseSyntax(a);
  const y = parseSyntax(b);
  if (x === undefined || y === undefined) {
    if (x === undefined && y === undefined) return compareInvalidVersions(a, b);
    return x === undefined ? -1 : 1;
  }
  for (let i = 0; i < 4; i++) {
    const r = Math.sign(compareNumericStrings(x.parts[i]!, y.parts[i]!));
    if (r !== 0) return r;
  }
  return compareLabels(x.labels, y.labels);
}

export const nugetComparator: VersionComparator = {
  ecosystems: ['NuGet'],
  compare: compareNuGet,
  isValid: isValidNuGetVersion,
};
