/**
 * Bounds on what one Java archive may cost. Nested archives must be inflated
 * into memory to be opened (zip needs random access), so without these a zip
 * bomb — a deeply nested, highly compressed or self-overlapping archive — could
 * take all memory or CPU. Hitting a bound is a warning; what was read is kept.
 */
export interface JavaArchiveLimits {
  /** How deep archives inside archives are followed (the scanned file is depth 0). */
  maxDepth: number;
  /** Entries listed per archive. */
  maxEntries: number;
  /** Largest nested archive inflated into memory. */
  maxNestedArchiveBytes: number;
  /** Nested archives opened for one scanned file, all levels together. */
  maxNestedArchives: number;
  /** Largest MANIFEST.MF or pom.properties read. */
  maxTextEntryBytes: number;
  /** Everything inflated for one scanned file, all nesting levels together. */
  maxTotalInflatedBytes: number;
}

export const DEFAULT_JAVA_ARCHIVE_LIMITS: JavaArchiveLimits = Object.freeze({
  maxDepth: 4,
  maxEntries: 200_000,
  maxNestedArchiveBytes: 128 * 1024 * 1024,
  maxNestedArchives: 10_000,
  maxTextEntryBytes: 1024 * 1024,
  maxTotalInflatedBytes: 512 * 1024 * 1024,
});
