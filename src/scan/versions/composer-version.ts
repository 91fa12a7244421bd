/**
 * Which strings Composer accepts as a package version: the cases of
 * Composer\Semver\VersionParser::normalize() that return instead of throwing
 * (classic `1.2.3.4` with a stability modifier, date-based `20240101.1`,
 * `dev-<branch>`, numeric branches `1.x-dev`), after stripping what normalize()
 * strips (`@stability` flags, `+build` metadata).
 */

const MODIFIER = '[._-]?(?:(?:stable|beta|b|RC|alpha|a|patch|pl|p)(?:(?:[.-]?\\d+)*)?)?(?:[.-]?dev)?';
const CLASSIC = new RegExp(`^v?\\d{1,5}(?:\\.\\d+)?(?:\\.\\d+)?(?:\\.\\d+)?${MODIFIER}$`, 'i');
const DATE = new RegExp(`^v?\\d{4}(?:[.:-]?\\d{2}){1,6}(?:[.:-]?\\d{1,3}){0,2}${MODIFIER}$`, 'i');
const NUMERIC_BRANCH = /^v?\d+(?:\.(?:\d+|[xX*])){0,3}[.-]?dev$/i;
const STABILITY_FLAG = /@(?:stable|RC|beta|alpha|dev)$/i;
const BUILD_METADATA = /^([^,\s+]+)\+\S+$/;

export function isValidComposerVersion(input: string): boolean {
  let version = input.trim().replace(STABILITY_FLAG, '');
  if (['master', 'trunk', 'default'].includes(version) || /^dev-/i.test(version)) return true;
  version = BUILD_METADATA.exec(version)?.[1] ?? version;
  return CLASSIC.test(version) || DATE.test(version) || NUMERIC_BRANCH.test(version);
}
