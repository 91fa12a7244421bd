/**
 * The package facts Airlock needs from one rpm header: name, epoch, version,
 * release, arch, source RPM, licence, vendor, modularity label, and the files
 * it installed (rpm lib/tagexts.c fnTag: BASENAMES joined to DIRNAMES through
 * DIRINDEXES; OLDFILENAMES in headers from before compressed file names).
 */
import { CatalogError } from '../catalog-error.js';
import { corrupt } from './checked-bytes.js';
import { HeaderBlob } from './header-blob.js';
import { RpmTag } from './rpm-tags.js';

export interface RpmHeaderFacts {
  name: string;
  /** Only when the header has an EPOCH tag (rpm prints `(none)` otherwise). */
  epoch?: number;
  version: string;
  release: string;
  arch?: string;
  sourceRpm?: string;
  license?: string;
  vendor?: string;
  modularityLabel?: string;
  /** Absolute paths of the files (not directories) the package installed. */
  files: string[];
  /** Why `files` is empty although the header has a file list (a damaged list costs the files, not the package). */
  filesProblem?: string;
}

/** S_IFMT / S_IFDIR: directories are owned by many packages and say nothing about one. */
const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;

/** Throws CatalogError MALFORMED for a header that cannot be read or lacks name, version or release. */
export function parseRpmHeader(blob: Buffer): RpmHeaderFacts {
  const header = HeaderBlob.parse(blob);
  const name = header.string(RpmTag.NAME);
  const version = header.string(RpmTag.VERSION);
  const release = header.string(RpmTag.RELEASE);
  if (!name || !version || !release) throw corrupt(`header lacks ${!name ? 'NAME' : !version ? 'VERSION' : 'RELEASE'}`);
  const facts: RpmHeaderFacts = { name, version, release, files: [] };
  try {
    facts.files = installedFiles(header);
  } catch (error) {
    if (!(error instanceof CatalogError)) throw error;
    facts.filesProblem = error.message;
  }
  const epoch = header.int32Array(RpmTag.EPOCH)?.[0];
  if (epoch !== undefined) facts.epoch = epoch;
  const optional: Array<[Exclude<keyof RpmHeaderFacts, 'epoch' | 'files' | 'filesProblem' | 'name' | 'version' | 'release'>, number]> = [
    ['arch', RpmTag.ARCH],
    ['sourceRpm', RpmTag.SOURCERPM],
    ['license', RpmTag.LICENSE],
    ['vendor', RpmTag.VENDOR],
    ['modularityLabel', RpmTag.MODULARITYLABEL],
  ];
  for (const [field, tag] of optional) {
    const value = meaningful(header.string(tag));
    if (value !== undefined) facts[field] = value;
  }
  return facts;
}

/** rpm writes `(none)` for unset string tags in some tools' output and headers; it means absent. */
function meaningful(value: string | undefined): string | undefined {
  return value === undefined || value === '' || value === '(none)' ? undefined : value;
}

function installedFiles(header: HeaderBlob): string[] {
  const paths = header.has(RpmTag.BASENAMES) ? compressedFileNames(header) : (header.stringArray(RpmTag.OLDFILENAMES) ?? []);
  const modes = header.int16Array(RpmTag.FILEMODES);
  // Without a mode for every path the directories cannot be told apart; keep everything.
  if (!modes || modes.length !== paths.length) return paths;
  return paths.filter((_, i) => ((modes[i] ?? 0) & S_IFMT) !== S_IFDIR);
}

function compressedFileNames(header: HeaderBlob): string[] {
  const baseNames = header.stringArray(RpmTag.BASENAMES) ?? [];
  const dirNames = header.stringArray(RpmTag.DIRNAMES) ?? [];
  const dirIndexes = header.int32Array(RpmTag.DIRINDEXES) ?? [];
  if (dirIndexes.length !== baseNames.length) throw corrupt(`${baseNames.length} BASENAMES but ${dirIndexes.length} DIRINDEXES`);
  return baseNames.map((base, i) => {
    const dir = dirNames[dirIndexes[i] ?? -1];
    if (dir === undefined) throw corrupt(`DIRINDEXES[${i}] = ${dirIndexes[i] ?? '?'} but there are ${dirNames.length} DIRNAMES`);
    return dir.endsWith('/') ? `${dir}${base}` : `${dir}/${base}`;
  });
}
