/**
 * A catalog image's `tags` list compiled into a selector: which upstream tags
 * to mirror now (select) and which are newer than one already mirrored
 * (newerThan, for autoUpdate). Patterns are read by tag-pattern.ts; "newest"
 * is tag-order.ts's order.
 *
 * `maxTags` applies to each range or regex on its own: `[">=10 <11", ">=11 <12"]`
 * with maxTags 1 mirrors the newest 10.x and the newest 11.x. Exact tags are
 * always mirrored when the upstream has them and do not count against it.
 */
import { isTag } from '../../oci/index.js';
import { MirrorError } from './mirror-error.js';
import { compareTags, newestFirst } from './tag-order.js';
import { parseTagPattern, patternMatches, type TagPattern } from './tag-pattern.js';

export interface TagSelector {
  readonly patterns: readonly TagPattern[];
  /** Tags named exactly; mirrored whenever the upstream has them. */
  readonly exactTags: readonly string[];
  /** Whether some pattern takes `tag`; never for a string that is not a valid tag. */
  matches(tag: string): boolean;
  /** The exact tags present upstream plus each range's or regex's `maxTags` newest matches; distinct, newest first. */
  select(upstreamTags: readonly string[], maxTags: number): string[];
  /** The patterns as written, for messages: `v2.53.1, >=10.4 <11`. */
  describe(): string;
  /** Upstream tags the selector takes that are strictly newer than `current`, newest first. */
  newerThan(current: string, upstreamTags: readonly string[]): string[];
}

/** Throws MirrorError CATALOG_INVALID naming every pattern that does not read. */
export function compileTagSelector(tags: readonly string[]): TagSelector {
  const patterns: TagPattern[] = [];
  const errors: string[] = [];
  for (const text of tags) {
    const pattern = parseTagPattern(text);
    if ('error' in pattern) errors.push(pattern.error);
    else patterns.push(pattern);
  }
  if (errors.length > 0) throw new MirrorError('CATALOG_INVALID', `invalid tag selector: ${errors.join('; ')}`, { detail: { errors } });
  return selectorOf(patterns);
}

function selectorOf(patterns: readonly TagPattern[]): TagSelector {
  const exactTags = [...new Set(patterns.flatMap((pattern) => (pattern.kind === 'exact' ? [pattern.tag] : [])))];
  const open = patterns.filter((pattern) => pattern.kind !== 'exact');
  const matches = (tag: string): boolean => isTag(tag) && patterns.some((pattern) => patternMatches(pattern, tag));
  return {
    patterns,
    exactTags,
    matches,
    describe: () => patterns.map((pattern) => pattern.text).join(', '),
    select(upstreamTags, maxTags) {
      const available = new Set(upstreamTags.filter(isTag));
      const chosen = new Set(exactTags.filter((tag) => available.has(tag)));
      if (maxTags > 0 && open.length > 0) {
        const ordered = newestFirst(available);
        for (const pattern of open) {
          for (const tag of ordered.filter((candidate) => patternMatches(pattern, candidate)).slice(0, maxTags)) chosen.add(tag);
        }
      }
      return newestFirst(chosen);
    },
    newerThan(current, upstreamTags) {
      return newestFirst(new Set(upstreamTags.filter((tag) => matches(tag) && compareTags(tag, current) > 0)));
    },
  };
}
