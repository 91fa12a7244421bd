/**
 * How a dpkg stanza becomes an Airlock package.
 *
 * The purl namespace is the distribution (`pkg:deb/debian/…`, `pkg:deb/ubuntu/…`),
 * which a status file does not record: the cataloger writes `debian`, and the
 * scanner's OS step rewrites the namespace once `/etc/os-release` is known
 * (Ubuntu, Kali, … are dpkg-based too). Licences are not in the status file
 * (they live in `/usr/share/doc/<pkg>/copyright`), so none are reported.
 */
import { withOptional, type FoundPackage } from '../generic.js';
import { purlOf } from '../purl.js';

/** The purl namespace written before the OS is known; see the module comment. */
export const DPKG_PLACEHOLDER_NAMESPACE = 'debian';

export interface DpkgPackageFacts {
  name: string;
  /** `[epoch:]upstream[-revision]`, exactly as the `Version:` field says. */
  version: string;
  arch?: string;
  /** From `Source: name (version)`; absent means the binary's own name and version. */
  sourceName?: string;
  sourceVersion?: string;
}

export function dpkgPackage(facts: DpkgPackageFacts): FoundPackage {
  const qualifiers: Record<string, string> = facts.arch ? { arch: facts.arch } : {};
  const purl = purlOf({ type: 'deb', namespace: DPKG_PLACEHOLDER_NAMESPACE, name: facts.name, version: facts.version, qualifiers });
  // Trivy and Grype match Debian advisories by source package, so the source is always set.
  const source = { name: facts.sourceName ?? facts.name, version: facts.sourceVersion ?? facts.version };
  return withOptional<FoundPackage>({ name: facts.name, version: facts.version, type: 'dpkg', source, purl }, { arch: facts.arch });
}

/**
 * `Source: gcc-5 (5.1.1-12ubuntu1)` → name and version; `Source: pam` → name only
 * (dpkg writes the version only when it differs from the binary's, deb-control(5)).
 */
export function parseSourceField(value: string): { name: string; version?: string } | undefined {
  const match = /^([^\s()]+)(?:\s*\(\s*([^\s()]+)\s*\))?$/.exec(value.trim());
  if (!match?.[1]) return undefined;
  return match[2] === undefined ? { name: match[1] } : { name: match[1], version: match[2] };
}
