/**
 * Compares runs of ASCII digits as unbounded non-negative integers, without
 * converting them to numbers: version components such as `20190126230843` or
 * the 30-digit vectors of osv-detector overflow JavaScript's safe integers.
 */

/** Negative, zero or positive as the digit string `a` is numerically below, equal to or above `b` (leading zeros ignored). */
export function compareNumericStrings(a: string, b: string): number {
  const x = stripLeadingZeros(a);
  const y = stripLeadingZeros(b);
  if (x.length !== y.length) return x.length - y.length;
  return x < y ? -1 : x > y ? 1 : 0;
}

export function stripLeadingZeros(digits: string): string {
  let i = 0;
  while (i < digits.length - 1 && digits[i] === '0') i++;
  return digits.slice(i);
}

/** Plain code-unit order (what C's strcmp, Go's strings.Compare and Java's compareTo give for ASCII), as -1, 0 or 1. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function isAsciiDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

export function isAsciiLetter(c: string | undefined): boolean {
  return c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
}
