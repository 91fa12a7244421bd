/**
 * What an archive's file name says: Maven names artifacts
 * `<artifactId>-<version>[-<classifier>].<packaging>`, so the version starts at a
 * `-` followed by a digit. Names with digits in the artifactId
 * (`log4j-1.2-api-2.17.1.jar`) are read by taking the first such `-` after which
 * no `-word-<digit>` follows, i.e. the version is the last numbered run.
 */
export const JAVA_ARCHIVE_EXTENSIONS: ReadonlySet<string> = new Set(['jar', 'war', 'ear', 'jpi', 'hpi', 'par', 'sar', 'nar', 'kar', 'lpkg']);

export interface ArchiveFileName {
  /** The file name without directories and extension. */
  stem: string;
  name: string;
  version?: string;
}

export function javaArchiveExtension(path: string): string | undefined {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  const extension = dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
  return JAVA_ARCHIVE_EXTENSIONS.has(extension) ? extension : undefined;
}

export function parseArchiveFileName(path: string): ArchiveFileName {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  const stem = dot > 0 ? base.slice(0, dot) : base;
  const starts = [...stem.matchAll(/-(?=\d)/g)].map((match) => match.index);
  const start = starts.find((at) => !/-[A-Za-z][A-Za-z_]*-\d/.test(stem.slice(at + 1))) ?? starts.at(-1);
  if (start === undefined || start === 0) return { stem, name: stem };
  return { stem, name: stem.slice(0, start), version: stem.slice(start + 1) };
}
