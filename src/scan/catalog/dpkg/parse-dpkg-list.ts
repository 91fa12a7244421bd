/**
 * The files a dpkg package installed, from `/var/lib/dpkg/info/<pkg>[:<arch>].list`
 * (one absolute path per line, in archive order, directories included).
 *
 * Directories are dropped the way Trivy's dpkg analyzer does it: a line followed
 * by a path inside it is a directory (archive order puts a directory before its
 * contents). Shared directories such as `/usr/lib/python3/dist-packages` must not
 * count as owned, or every language package below them would be dropped.
 */

export interface DpkgListParse {
  files: string[];
  warnings: string[];
}

export function parseDpkgList(text: string): DpkgListParse {
  const files: string[] = [];
  const warnings: string[] = [];
  let previous: string | undefined;
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const path = (lines[index] ?? '').replace(/\r$/, '');
    // `/.` is the archive's root entry; blank lines carry nothing.
    if (path === '' || path === '/.') continue;
    if (!path.startsWith('/')) {
      warnings.push(`line ${index + 1}: not an absolute path`);
      continue;
    }
    if (previous !== undefined && !path.startsWith(`${previous}/`)) files.push(previous);
    previous = path;
  }
  if (previous !== undefined) files.push(previous);
  return { files, warnings };
}
