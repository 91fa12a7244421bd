/**
 * Go module versions, ordered as golang.org/x/mod/semver does: `vMAJOR[.MINOR[.PATCH]]`
 * with SemVer pre-release and build suffixes, where `v1` and `v1.2` are
 * shorthands for `v1.0.0` and `v1.2.0` (without suffixes). Build metadata,
 * including `+incompatible`, does not take part in ordering; pseudo-versions
 * (`v0.0.0-20220101000000-abcdef123456`) are ordinary pre-releases. Invalid
 * versions sort before all valid ones and equal each other, as semver.Compare does.
 *
 * OSV writes Go versions without the `v` (`"fixed": "1.21.9"`, `"introduced":
 * "1.22.0-0"`), so a version starting with a digit is read as if `v`-prefixed.
 */
import type { VersionComparator } from './comparator.js';
import { compareNumericStrings, compareStrings } from './numeric-string.js';

interface GoVersion {
  major: string;
  minor: string;
  patch: string;
  /** With its leading `-`, or empty. */
  prerelease: string;
  /** With its leading `+`, or empty. */
  build: string;
  /** `.0.0` or `.0` when the version was a shorthand. */
  short: string;
}

const NUMBER = '(0|[1-9][0-9]*)';
const IDENT = '[0-9A-Za-z-]+';
/** An identifier that is all digits must not have a leading zero; checked separately. */
const FULL = new RegExp(`^v${NUMBER}\\.${NUMBER}\\.${NUMBER}(-${IDENT}(?:\\.${IDENT})*)?(\\+${IDENT}(?:\\.${IDENT})*)?$`);
const SHORT = new RegExp(`^v${NUMBER}(?:\\.${NUMBER})?$`);

/** semver's parse(); undefined where it reports !ok. */
function parseGoVersion(input: string): GoVersion | undefined {
  const v = /^[0-9]/.test(input) ? `v${input}` : input;
  const short = SHORT.exec(v);
  if (short !== null) {
    const [, major = '', minor] = short;
    return { major, minor: minor ?? '0', patch: '0', prerelease: '', build: '', short: minor === undefined ? '.0.0' : '.0' };
  }
  const full = FULL.exec(v);
  if (full === null) return undefined;
  const [, major = '', minor = '', patch = '', prerelease = '', build = ''] = full;
  if (prerelease.slice(1).split('.').some(isBadNumber)) return undefined;
  return { major, minor, patch, prerelease, build, short: '' };
}

function isBadNumber(ident: string): boolean {
  return /^0[0-9]+$/.test(ident);
}

const isNumeric = (ident: string) => /^[0-9]+$/.test(ident);

/** comparePrerelease(): a release sorts after its pre-releases; numeric identifiers below alphanumeric ones. */
function comparePrerelease(x: string, y: string): number {
  if (x === y) return 0;
  if (x === '') return 1;
  if (y === '') return -1;
  const xs = x.slice(1).split('.');
  const ys = y.slice(1).split('.');
  for (let i = 0; i < Math.min(xs.length, ys.length); i++) {
    const r = compareIdentifiers(xs[i]!, ys[i]!);
    if (r !== 0) return r;
  }
  return Math.sign(xs.length - ys.length);
}

function compareIdentifiers(dx: string, dy: string): number {
  if (dx === dy) return 0;
  const ix = isNumeric(dx);
  const iy = isNumeric(dy);
  if (ix !== iy) return ix ? -1 : 1;
  if (ix) return Math.sign(compareNumericStrings(dx, dy));
  return compareStrings(dx, dy);
}

/** semver.Compare(). */
function compareGo(v: string, w: string): number {
  const pv = parseGoVersion(v);
  const pw = parseGoVersion(w);
  if (pv === undefined || pw === undefined) {
    if (pv === undefined && pw === undefined) return 0;
    return pv === undefined ? -1 : 1;
  }
  return (
    Math.sign(compareNumericStrings(pv.major, pw.major)) ||
    Math.sign(compareNumericStrings(pv.minor, pw.minor)) ||
    Math.sign(compareNumericStrings(pv.patch, pw.patch)) ||
    comparePrerelease(pv.prerelease, pw.prerelease)
  );
}

/** semver.Canonical(): `v1.2` → `v1.2.0`, build metadata dropped; undefined for an invalid version. */
export function canonicalGoVersion(version: string): string | undefined {
  const p = parseGoVersion(version);
  if (p === undefined) return undefined;
  return `v${p.major}.${p.minor}.${p.patch}${p.prerelease}`;
}

export const goComparator: VersionComparator = {
  ecosystems: ['Go'],
  compare: compareGo,
  isValid: (version) => parseGoVersion(version) !== undefined,
};
