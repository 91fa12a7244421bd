/** How an npm package becomes an Airlock package: purl (scope as namespace) and licence fields in all their historic shapes. */
import { withOptional, type FoundPackage } from '../generic.js';
import { purlOf } from '../purl.js';

export interface NpmPackageFacts {
  name: string;
  version: string;
  dev?: boolean;
  licenses?: string[];
}

/** `pkg:npm/%40scope/name@version` — purl-spec puts the scope in the namespace. */
export function npmPackage(facts: NpmPackageFacts): FoundPackage {
  const slash = facts.name.startsWith('@') ? facts.name.indexOf('/') : -1;
  const namespace = slash > 0 ? facts.name.slice(0, slash) : undefined;
  const bareName = slash > 0 ? facts.name.slice(slash + 1) : facts.name;
  const purl = purlOf({ type: 'npm', namespace, name: bareName, version: facts.version });
  return withOptional<FoundPackage>({ name: facts.name, version: facts.version, type: 'npm', purl }, { dev: facts.dev, licenses: facts.licenses });
}

/**
 * Licences as package.json (and lockfiles copying it) write them: `license` as a
 * string, an object `{type}`, or an array of either; the deprecated `licenses`
 * array of `{type}`. Anything else is ignored — licences are never guessed.
 */
export function npmLicenses(license: unknown, licenses?: unknown): string[] | undefined {
  const found = [...licenseNames(license), ...licenseNames(licenses)];
  return found.length > 0 ? [...new Set(found)] : undefined;
}

function licenseNames(value: unknown): string[] {
  if (typeof value === 'string') return value.trim() === '' ? [] : [value.trim()];
  if (Array.isArray(value)) return value.flatMap((item: unknown) => (Array.isArray(item) ? [] : licenseNames(item)));
  if (typeof value === 'object' && value !== null && 'type' in value) return licenseNames(value.type);
  return [];
}

/** Versions that name a registry release; git URLs, tarballs and local paths are not matchable. */
export function isRegistryVersion(version: string): boolean {
  return version.length > 0 && !version.includes(':') && !version.includes('/');
}

/** Splits `name@range` where the name may be scoped (`@scope/name@range`). */
export function splitNameAt(spec: string): { name: string; rest: string } | undefined {
  const at = spec.indexOf('@', 1);
  if (at <= 0) return undefined;
  return { name: spec.slice(0, at), rest: spec.slice(at + 1) };
}
