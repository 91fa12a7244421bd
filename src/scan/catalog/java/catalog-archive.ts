/**
 * One Java archive and, recursively, the archives inside it (WEB-INF/lib,
 * BOOT-INF/lib, lib/, shaded and plugin bundles: any entry with an archive
 * extension, as Syft and Trivy follow them). Per archive: one package per
 * `pom.properties`; then the archive's own identity from MANIFEST.MF and its
 * name, unless a pom.properties already named it. Nested packages are located
 * as `outer.war!/WEB-INF/lib/inner.jar`. Limits turn bombs into warnings.
 */
import { CatalogError } from '../catalog-error.js';
import type { Package } from '../package.js';
import { javaArchiveExtension } from './archive-file-name.js';
import { identifyArchive } from './archive-identity.js';
import type { JavaArchiveLimits } from './java-archive-limits.js';
import { javaPackage } from './java-package.js';
import { JarManifest } from './manifest.js';
import { coordinatesFromPomProperties, POM_PROPERTIES, type MavenCoordinates } from './pom-properties.js';
import { ZipArchive, type ZipEntry } from './zip-archive.js';

export interface ArchiveScanContext {
  readonly limits: JavaArchiveLimits;
  readonly packages: Package[];
  readonly warnings: string[];
  /** Bytes inflated so far, all levels together. */
  inflatedBytes: number;
  /** Nested archives opened so far. */
  nestedArchives: number;
}

/** Catalogs the archive `bytes` found at `location`; throws CatalogError MALFORMED when it is not a readable zip. */
export async function catalogArchive(bytes: Buffer, location: string, depth: number, context: ArchiveScanContext): Promise<void> {
  const zip = await ZipArchive.open(bytes);
  try {
    const listing = await zip.list(context.limits.maxEntries);
    if (listing.truncated) context.warnings.push(`${location}: more than ${context.limits.maxEntries} entries; the rest were not read`);
    if (listing.error) context.warnings.push(`${location}: ${listing.error.message}; ${listing.entries.length} entries read before it`);
    const poms: MavenCoordinates[] = [];
    let manifest: JarManifest | undefined;
    const nested: ZipEntry[] = [];
    for (const entry of listing.entries) {
      if (entry.name.endsWith('/')) continue;
      if (POM_PROPERTIES.test(entry.name)) {
        const text = await readText(zip, entry, location, context);
        const coordinates = text === undefined ? undefined : coordinatesFromPomProperties(entry.name, text);
        if (coordinates) poms.push(coordinates);
        else if (text !== undefined) context.warnings.push(`${location}!/${entry.name}: no groupId, artifactId and version`);
      } else if (entry.name.toUpperCase() === 'META-INF/MANIFEST.MF') {
        const text = await readText(zip, entry, location, context);
        if (text !== undefined) manifest = JarManifest.parse(text);
      } else if (javaArchiveExtension(entry.name)) {
        nested.push(entry);
      }
    }
    reportIdentity(location, poms, manifest, context);
    await catalogNested(zip, nested, location, depth, context);
  } finally {
    zip.close();
  }
}

function reportIdentity(location: string, poms: MavenCoordinates[], manifest: JarManifest | undefined, context: ArchiveScanContext): void {
  for (const coordinates of poms) context.packages.push(javaPackage({ coordinates, identifiedBy: 'pom.properties', groupIdFrom: 'pom.properties' }, location));
  const own = identifyArchive(location, manifest);
  if (own && !poms.some((pom) => namesArchive(pom, own.coordinates))) context.packages.push(javaPackage(own, location));
  if (!own && poms.length === 0) context.warnings.push(`${location}: no pom.properties, no version in MANIFEST.MF or file name; not reported`);
}

/**
 * Whether a pom.properties is the archive's own: same artifactId, or a file name
 * that prefixes it with the group (Quarkus' `io.quarkus.gizmo.gizmo-1.1.jar`) at
 * the same version.
 */
function namesArchive(pom: MavenCoordinates, own: MavenCoordinates): boolean {
  const artifact = pom.artifactId.toLowerCase();
  const name = own.artifactId.toLowerCase();
  return name === artifact || (pom.version === own.version && (name.endsWith(`.${artifact}`) || name.endsWith(`-${artifact}`)));
}

async function catalogNested(zip: ZipArchive, entries: ZipEntry[], location: string, depth: number, context: ArchiveScanContext): Promise<void> {
  const { limits } = context;
  if (entries.length > 0 && depth + 1 > limits.maxDepth) {
    context.warnings.push(`${location}: ${entries.length} archives nested deeper than ${limits.maxDepth} levels were not opened`);
    return;
  }
  const skipped: string[] = [];
  for (const entry of entries) {
    const nestedLocation = `${location}!/${entry.name}`;
    const cap = Math.min(limits.maxNestedArchiveBytes, limits.maxTotalInflatedBytes - context.inflatedBytes);
    if (context.nestedArchives >= limits.maxNestedArchives || entry.size > cap) {
      skipped.push(entry.name);
      continue;
    }
    if (!entry.readable) {
      context.warnings.push(`${nestedLocation}: encrypted or compressed with an unsupported method; not opened`);
      continue;
    }
    context.nestedArchives++;
    try {
      const bytes = await zip.read(entry, cap);
      context.inflatedBytes += bytes.length;
      await catalogArchive(bytes, nestedLocation, depth + 1, context);
    } catch (error) {
      if (!(error instanceof CatalogError)) throw error;
      context.warnings.push(`${nestedLocation}: ${error.message}`);
    }
  }
  if (skipped.length > 0) {
    context.warnings.push(
      `${location}: ${skipped.length} nested archives not opened (each at most ${limits.maxNestedArchiveBytes} bytes, ${limits.maxNestedArchives} archives and ${limits.maxTotalInflatedBytes} bytes in all), e.g. ${skipped[0]}`,
    );
  }
}

async function readText(zip: ZipArchive, entry: ZipEntry, location: string, context: ArchiveScanContext): Promise<string | undefined> {
  const cap = Math.min(context.limits.maxTextEntryBytes, context.limits.maxTotalInflatedBytes - context.inflatedBytes);
  try {
    if (!entry.readable) throw new CatalogError('MALFORMED', 'encrypted or compressed with an unsupported method');
    const bytes = await zip.read(entry, cap);
    context.inflatedBytes += bytes.length;
    return bytes.toString('utf8');
  } catch (error) {
    if (!(error instanceof CatalogError)) throw error;
    context.warnings.push(`${location}!/${entry.name}: ${error.message}`);
    return undefined;
  }
}
