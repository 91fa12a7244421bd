/**
 * Who an archive is when it carries no pom.properties of its own: a best effort
 * from MANIFEST.MF and the file name, in that order of trust for each part.
 *
 * - artifactId: the Jenkins plugin `Short-Name`; else the file name, when it
 *   reads as `<artifactId>-<version>` (Implementation-Title is often a display
 *   name such as "Spring Framework"); else an Implementation-Title or Bundle-Name
 *   that looks like an identifier; else the file name.
 * - version: Implementation-Version, Jenkins `Plugin-Version`, the file name's,
 *   Bundle-Version, Specification-Version (first word: some carry dates).
 * - groupId: Jenkins `Group-Id`, Implementation-Vendor-Id, then the OSGi
 *   Bundle-SymbolicName or Automatic-Module-Name when reverse-domain shaped,
 *   dropping a last segment that repeats the artifactId or a word of it
 *   (`org.apiguardian.api` for apiguardian-api → `org.apiguardian`,
 *   `io.micronaut.micronaut_aop` for micronaut-aop → `io.micronaut`). Unknown → the artifactId, as Syft
 *   does (`pkg:maven/<a>/<a>`; right for log4j, junit, javax.inject, …).
 */
import { parseArchiveFileName } from './archive-file-name.js';
import type { JarManifest } from './manifest.js';
import type { MavenCoordinates } from './pom-properties.js';

export type IdentifiedBy = 'pom.properties' | 'manifest' | 'filename';
export type GroupIdFrom = 'pom.properties' | 'manifest' | 'artifactId';

export interface ArchiveIdentity {
  coordinates: MavenCoordinates;
  identifiedBy: IdentifiedBy;
  groupIdFrom: GroupIdFrom;
}

const IDENTIFIER = /^[A-Za-z0-9_][A-Za-z0-9_.+-]*$/;
const REVERSE_DOMAIN = /^[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)+$/;

export function identifyArchive(path: string, manifest: JarManifest | undefined): ArchiveIdentity | undefined {
  const file = parseArchiveFileName(path);
  const fromManifest = (...names: string[]) => names.map((name) => manifest?.get(name)).find((value) => value !== undefined);
  const identifier = (value: string | undefined) => (value && IDENTIFIER.test(value) ? value : undefined);

  const shortName = identifier(fromManifest('Short-Name'));
  const title = identifier(fromManifest('Implementation-Title')) ?? identifier(fromManifest('Bundle-Name'));
  const artifactId = shortName ?? (file.version ? file.name : undefined) ?? title ?? file.stem;
  const manifestVersion = firstWord(fromManifest('Implementation-Version', 'Plugin-Version'));
  const version = manifestVersion ?? file.version ?? firstWord(fromManifest('Bundle-Version', 'Specification-Version'));
  if (!version || !artifactId) return undefined;

  const groupId = groupFromManifest(manifest, artifactId);
  const artifactFromManifest = shortName !== undefined || (!file.version && title !== undefined);
  const usedManifest = groupId !== undefined || artifactFromManifest || version !== file.version;
  return {
    coordinates: { groupId: groupId ?? artifactId, artifactId, version },
    identifiedBy: usedManifest ? 'manifest' : 'filename',
    groupIdFrom: groupId ? 'manifest' : 'artifactId',
  };
}

function groupFromManifest(manifest: JarManifest | undefined, artifactId: string): string | undefined {
  if (!manifest) return undefined;
  const declared = manifest.get('Group-Id') ?? manifest.get('Implementation-Vendor-Id');
  if (declared && REVERSE_DOMAIN.test(declared)) return declared;
  const compact = (text: string) => text.toLowerCase().replace(/[-_.]/g, '');
  const tokens = new Set(artifactId.toLowerCase().split(/[-_.]/));
  for (const name of ['Bundle-SymbolicName', 'Automatic-Module-Name']) {
    const value = manifest.get(name)?.split(';')[0]?.trim();
    if (!value || !REVERSE_DOMAIN.test(value)) continue;
    const segments = value.split('.');
    const last = segments.at(-1)!;
    if (segments.length > 2 && (compact(last) === compact(artifactId) || tokens.has(last.toLowerCase()))) segments.pop();
    return segments.join('.');
  }
  return undefined;
}

function firstWord(value: string | undefined): string | undefined {
  return value?.split(/\s+/)[0] || undefined;
}
