/**
 * Which of two image tags is newer. Real tags are looser than semver, so a tag
 * is read as a version when it is `[v]MAJOR[.MINOR[.PATCH]][-PRERELEASE]`:
 * `v2.53.1` → 2.53.1, `10.4` → 10.4.0, `22.04` → 22.4.0, `11.0.0-beta1` and
 * `10.4.1-ubuntu` → prereleases (which semver ranges skip unless they ask for
 * them). Anything else (`latest`, `main`, `1.2.3.4`, `bookworm`) is not a
 * version. semver.coerce is not used: it would read `1.2.3.4` and
 * `build-7-of-10` as versions.
 *
 * Order: versions by semver precedence, above every tag that is not a version;
 * ties (`2.53.1` / `v2.53.1`, and tags that are not versions) by code-unit
 * order, so distinct tags never compare equal and sorting is deterministic.
 */
import { SemVer, valid } from 'semver';

const VERSION_TAG = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?$/;

/** The semver a tag stands for, or undefined when the tag is not a version. */
export function tagVersion(tag: string): SemVer | undefined {
  const match = VERSION_TAG.exec(tag);
  if (!match) return undefined;
  const [, major = '0', minor = '0', patch = '0', prerelease] = match;
  // Numbers as numbers: `22.04` is 22.4.0; semver itself refuses leading zeros.
  const text = `${BigInt(major)}.${BigInt(minor)}.${BigInt(patch)}${prerelease === undefined ? '' : `-${prerelease}`}`;
  // valid() refuses what semver cannot hold: numbers beyond MAX_SAFE_INTEGER, empty or zero-padded prerelease parts.
  return valid(text) === null ? undefined : new SemVer(text);
}

/** Negative when `a` is older than `b`, positive when newer, 0 only for the same tag. */
export function compareTags(a: string, b: string): number {
  return compareRead({ tag: a, version: tagVersion(a) }, { tag: b, version: tagVersion(b) });
}

/** Newest first; each tag is read once, not once per comparison (upstreams list thousands). */
export function newestFirst(tags: Iterable<string>): string[] {
  return [...tags]
    .map((tag) => ({ tag, version: tagVersion(tag) }))
    .sort((a, b) => compareRead(b, a))
    .map(({ tag }) => tag);
}

interface ReadTag {
  tag: string;
  version: SemVer | undefined;
}

function compareRead(a: ReadTag, b: ReadTag): number {
  if (a.tag === b.tag) return 0;
  if (a.version && !b.version) return 1;
  if (!a.version && b.version) return -1;
  const bySemver = a.version && b.version ? a.version.compare(b.version) : 0;
  if (bySemver !== 0) return bySemver;
  return a.tag < b.tag ? -1 : 1;
}
