/**
 * Repository names and tags, distribution spec "Pulling manifests": names match
 * `[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*`
 * and tags `[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}`.
 */
import { OciError } from './errors.js';

const COMPONENT = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$/;
const TAG = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;
/** distribution limits the whole name to 255 characters (reference.NameTotalLengthMax). */
export const MAX_REPOSITORY_NAME_LENGTH = 255;

export function isRepositoryName(name: string): boolean {
  if (name.length === 0 || name.length > MAX_REPOSITORY_NAME_LENGTH) return false;
  return name.split('/').every((component) => COMPONENT.test(component));
}

export function assertRepositoryName(name: string): string {
  if (!isRepositoryName(name)) {
    throw new OciError(
      'NAME_INVALID',
      `invalid repository name "${name.slice(0, 80)}": use lowercase path components [a-z0-9] separated by '.', '_', '__' or '-', joined by '/', at most ${MAX_REPOSITORY_NAME_LENGTH} characters`,
    );
  }
  return name;
}

export function isTag(tag: string): boolean {
  return TAG.test(tag);
}

export function assertTag(tag: string): string {
  if (!isTag(tag)) {
    throw new OciError('TAG_INVALID', `invalid tag "${tag.slice(0, 80)}": tags match [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}`);
  }
  return tag;
}
