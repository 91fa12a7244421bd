/**
 * The Java archive cataloger: Maven artifacts in jar, war, ear and plugin
 * archives (Jenkins .hpi/.jpi, and Syft's other Java archive extensions),
 * including the archives nested inside them. Zip needs random access, so the
 * file is read whole (the per-file cap bounds it); nested archives are bounded by
 * JavaArchiveLimits.
 */
import type { CatalogFile, CatalogResult, Cataloger, FileHeader } from '../cataloger.js';
import { javaArchiveExtension } from './archive-file-name.js';
import { catalogArchive, type ArchiveScanContext } from './catalog-archive.js';
import { DEFAULT_JAVA_ARCHIVE_LIMITS, type JavaArchiveLimits } from './java-archive-limits.js';

export interface JavaArchiveCatalogerOptions {
  limits?: Partial<JavaArchiveLimits>;
}

export function createJavaArchiveCataloger(options: JavaArchiveCatalogerOptions = {}): Cataloger {
  const limits: JavaArchiveLimits = Object.freeze({ ...DEFAULT_JAVA_ARCHIVE_LIMITS, ...options.limits });
  return Object.freeze({
    name: 'java-archive',
    version: 1,
    wants: (file: FileHeader) => file.size > 0 && javaArchiveExtension(file.path) !== undefined,
    parse: (file: CatalogFile) => parseJavaArchive(file, limits),
  });
}

export const javaArchiveCataloger: Cataloger = createJavaArchiveCataloger();

async function parseJavaArchive(file: CatalogFile, limits: JavaArchiveLimits): Promise<CatalogResult> {
  const bytes = await file.read();
  const context: ArchiveScanContext = { limits, packages: [], warnings: [], inflatedBytes: 0, nestedArchives: 0 };
  await catalogArchive(bytes, file.path, 0, context);
  return context.warnings.length > 0 ? { packages: context.packages, warnings: context.warnings } : { packages: context.packages };
}
