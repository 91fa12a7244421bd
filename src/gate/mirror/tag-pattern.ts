/**
 * One entry of a catalog image's `tags` list, read as one of:
 *   /…/          a regular expression, used as written: no anchors are added,
 *                so write `/^v2\.\d+\.\d+$/` to match whole tags
 *   >=10.4 <11   a semver range: anything with range syntax (`<`, `>`, `=`,
 *                `^`, `~`, `||`, ` - `, `*`, or `x`/`X` as a version part
 *                such as `10.x`) that semver.validRange accepts
 *   v2.53.1      an exact tag: anything else that is a valid OCI tag (so
 *                `x.0`, which semver refuses, is a tag). `12`
 *                and `10.4.1` are exact tags, not ranges: Docker Hub's `12`
 *                is a tag of its own, and an exact version is an exact tag.
 * Ranges are matched against tags read as versions (tag-order.ts); tags that
 * are not versions never match a range, and prerelease tags (`11.0.0-beta1`,
 * `10.4.1-ubuntu`) match only ranges that name a prerelease of the same
 * MAJOR.MINOR.PATCH (`>=11.0.0-0 <12`), as semver.satisfies decides.
 */
import { Range, satisfies, validRange } from 'semver';
import { isTag } from '../../oci/index.js';
import { tagVersion } from './tag-order.js';

export type TagPattern =
  | { kind: 'exact'; text: string; tag: string }
  | { kind: 'range'; text: string; range: Range }
  | { kind: 'regex'; text: string; regex: RegExp };

export const TAG_PATTERN_HELP = 'an exact tag such as v2.53.1, a semver range such as ">=10.4 <11", or a regular expression written /…/';

/** Range syntax no OCI tag can hold. */
const RANGE_CHARACTERS = /[<>=^~|*\s]/;
/** `10.x`, `v1.2.X`, `x`: wildcards made of characters a tag can hold. */
const WILDCARD_VERSION = /^v?(?:\d+|[xX])(?:\.(?:\d+|[xX])){0,2}$/;

export function parseTagPattern(written: string): TagPattern | { error: string } {
  const text = written.trim();
  if (text.length >= 2 && text.startsWith('/') && text.endsWith('/')) return regexPattern(text);
  const rangeLike = RANGE_CHARACTERS.test(text) || (WILDCARD_VERSION.test(text) && /[xX]/.test(text));
  if (rangeLike && validRange(text) !== null) return { kind: 'range', text, range: new Range(text) };
  // A tag-shaped string semver refuses (`x.0`) is still a tag.
  if (isTag(text)) return { kind: 'exact', text, tag: text };
  if (rangeLike) return { error: `"${text}" is not a semver range; expected ${TAG_PATTERN_HELP}` };
  return { error: `"${text}" is not a tag (tags match [A-Za-z0-9_][A-Za-z0-9._-]{0,127}); expected ${TAG_PATTERN_HELP}` };
}

export function patternMatches(pattern: TagPattern, tag: string): boolean {
  switch (pattern.kind) {
    case 'exact':
      return tag === pattern.tag;
    case 'regex':
      return pattern.regex.test(tag);
    case 'range': {
      const version = tagVersion(tag);
      return version !== undefined && satisfies(version, pattern.range);
    }
  }
}

function regexPattern(text: string): TagPattern | { error: string } {
  const source = text.slice(1, -1);
  if (source === '') return { error: '"//" would match every tag; write /.*/ if that is meant' };
  try {
    // No `g` or `y` flag: test() must not carry lastIndex from one tag to the next.
    return { kind: 'regex', text, regex: new RegExp(source) };
  } catch (error) {
    if (error instanceof SyntaxError) return { error: `${text} is not a valid regular expression: ${error.message}` };
    throw error;
  }
}
