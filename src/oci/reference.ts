/**
 * Image references as users type them: `[host[:port]/]path[:tag][@digest]`.
 * A first component is a registry host only if it contains '.' or ':' or is
 * `localhost` — the rule docker and containerd use.
 */
import { parseDigest, type Digest } from './digest.js';
import { OciError } from './errors.js';
import { assertRepositoryName, assertTag } from './repository-name.js';

export interface ImageReference {
  host?: string;
  repository: string;
  tag?: string;
  digest?: Digest;
}

export function parseImageReference(text: string): ImageReference {
  let rest = text.trim();
  if (rest.length === 0) throw new OciError('NAME_INVALID', 'image reference is empty');
  let digest: Digest | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = parseDigest(rest.slice(at + 1)).digest;
    rest = rest.slice(0, at);
  }
  let host: string | undefined;
  const slash = rest.indexOf('/');
  if (slash > 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      host = first;
      rest = rest.slice(slash + 1);
    }
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon >= 0) {
    tag = assertTag(rest.slice(colon + 1));
    rest = rest.slice(0, colon);
  }
  const repository = assertRepositoryName(rest);
  return { host, repository, tag, digest };
}

export function formatImageReference(ref: ImageReference): string {
  const base = ref.host ? `${ref.host}/${ref.repository}` : ref.repository;
  return `${base}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}
