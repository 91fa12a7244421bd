/**
 * The `os-release` cataloger: what each release file says about the OS. An
 * image often has several of them; `chooseOs` makes one answer of all.
 */
import type { CatalogFile, CatalogResult, Cataloger, FileHeader } from '../catalog/cataloger.js';
import { decodeText } from '../catalog/generic.js';
import type { OsInfo } from './os-info.js';
import { osFromOsRelease } from './parse-os-release.js';
import { osFromAlpineRelease, osFromDebianVersion, osFromRedhatRelease, osFromSystemReleaseCpe } from './parse-release-file.js';

const PARSERS: Readonly<Record<string, (text: string, source: string) => OsInfo | undefined>> = {
  '/etc/os-release': osFromOsRelease,
  '/usr/lib/os-release': osFromOsRelease,
  '/etc/alpine-release': osFromAlpineRelease,
  '/etc/debian_version': osFromDebianVersion,
  '/etc/redhat-release': osFromRedhatRelease,
  '/etc/system-release': osFromRedhatRelease,
  '/etc/system-release-cpe': osFromSystemReleaseCpe,
};

/** Release files are a few hundred bytes; anything far larger is not one. */
const MAX_RELEASE_FILE_BYTES = 64 * 1024;

export const osReleaseCataloger: Cataloger = Object.freeze({
  name: 'os-release',
  version: 1,
  wants: (file: FileHeader) => Object.hasOwn(PARSERS, file.path) && file.size <= MAX_RELEASE_FILE_BYTES,
  parse: async (file: CatalogFile): Promise<CatalogResult> => {
    const parser = PARSERS[file.path];
    const os = parser?.(decodeText(await file.read()), file.path);
    return os ? { packages: [], os } : { packages: [], warnings: [`${file.path} does not identify an operating system`] };
  },
});
