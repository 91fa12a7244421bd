/** How a Ruby gem becomes an Airlock package (type `gem`, purl `pkg:gem/name@version`). */
import { withOptional, type FoundPackage } from '../generic.js';
import { purlOf } from '../purl.js';

export function gemPackage(facts: { name: string; version: string; licenses?: string[] }): FoundPackage {
  const purl = purlOf({ type: 'gem', name: facts.name, version: facts.version });
  return withOptional<FoundPackage>({ name: facts.name, version: facts.version, type: 'gem', purl }, { licenses: facts.licenses });
}

/**
 * `1.13.10-x86_64-linux` → `1.13.10`. RubyGems rewrites `-` in versions to
 * `.pre.`, so the first `-` always starts the platform (Trivy splits the same way).
 */
export function withoutPlatform(version: string): string {
  const dash = version.indexOf('-');
  return dash < 0 ? version : version.slice(0, dash);
}

/** RubyGems names and versions: conservative character sets, so text that merely looks like a spec is not taken for one. */
export const GEM_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
export const GEM_VERSION = /^[0-9][0-9A-Za-z.]*$/;
