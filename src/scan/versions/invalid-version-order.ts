/**
 * The deterministic order comparators fall back to for strings their ecosystem
 * rejects (VersionComparator.compare never throws). It is a "natural" order:
 * the string is cut into runs of ASCII digits and runs of anything else; digit
 * runs compare as unbounded integers, other runs by code unit, and a digit run
 * sorts after a non-digit run at the same position. Equal token lists are equal.
 * It is a total preorder, so sorting with it is stable and repeatable; it
 * claims nothing about what the ecosystem would do, which is why matching
 * warns about invalid versions instead of trusting this order.
 */
import { compareNumericStrings, compareStrings, isAsciiDigit } from './numeric-string.js';

export function compareInvalidVersions(a: string, b: string): number {
  const x = naturalTokens(a);
  const y = naturalTokens(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const r = compareToken(x[i]!, y[i]!);
    if (r !== 0) return r;
  }
  return Math.sign(x.length - y.length);
}

function naturalTokens(version: string): string[] {
  return version.match(/[0-9]+|[^0-9]+/g) ?? [];
}

function compareToken(a: string, b: string): number {
  const aDigits = isAsciiDigit(a[0]);
  const bDigits = isAsciiDigit(b[0]);
  if (aDigits && bDigits) return Math.sign(compareNumericStrings(a, b));
  if (aDigits !== bDigits) return aDigits ? 1 : -1;
  return compareStrings(a, b);
}
