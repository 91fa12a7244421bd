/**
 * The dpkg catalogers: installed packages from dpkg's status database, and the
 * files each package installed (so the scanner can drop language packages that
 * dpkg owns, e.g. python3-yaml's PyYAML dist-info).
 */
import type { CatalogFile, CatalogResult, Cataloger, FileHeader } from '../cataloger.js';
import { baseName, decodeText, malformed } from '../generic.js';
import { dpkgPackage } from './package.js';
import { parseDpkgList } from './parse-dpkg-list.js';
import { parseDpkgStatus } from './parse-dpkg-status.js';

const STATUS = '/var/lib/dpkg/status';
const STATUS_DIR = '/var/lib/dpkg/status.d/';
const INFO_DIR = '/var/lib/dpkg/info/';

/** Files distroless keeps beside each status.d stanza file; they are not stanzas. */
const STATUS_D_SIDECARS = ['.md5sums', '.sha256sums', '.conffiles', '.list', '.preinst', '.postinst', '.prerm', '.postrm', '.shlibs', '.symbols', '.triggers', '.templates', '.config'];

function isStatusFile(path: string): boolean {
  if (path === STATUS) return true;
  if (!path.startsWith(STATUS_DIR)) return false;
  const name = path.slice(STATUS_DIR.length);
  return name !== '' && !name.includes('/') && !name.startsWith('.') && !STATUS_D_SIDECARS.some((suffix) => name.endsWith(suffix));
}

export const dpkgCataloger: Cataloger = Object.freeze({
  name: 'dpkg',
  version: 1,
  wants: (file: FileHeader) => isStatusFile(file.path),
  parse: async (file: CatalogFile): Promise<CatalogResult> => {
    const text = decodeText(await file.read());
    const parsed = parseDpkgStatus(text, { statusRequired: file.path === STATUS });
    if (parsed.stanzasWithPackage === 0 && text.trim() !== '') {
      throw malformed(file.path, `not a dpkg database: no stanza has a Package field${parsed.warnings[0] ? ` (${parsed.warnings[0]})` : ''}`);
    }
    const packages = parsed.packages.map((facts) => ({ ...dpkgPackage(facts), path: file.path }));
    return parsed.warnings.length > 0 ? { packages, warnings: summarized(parsed.warnings) } : { packages };
  },
});

export const dpkgFilesCataloger: Cataloger = Object.freeze({
  name: 'dpkg-files',
  version: 1,
  wants: (file: FileHeader) => file.path.startsWith(INFO_DIR) && !file.path.slice(INFO_DIR.length).includes('/') && baseName(file.path).endsWith('.list'),
  parse: async (file: CatalogFile): Promise<CatalogResult> => {
    const parsed = parseDpkgList(decodeText(await file.read()));
    if (parsed.files.length === 0 && parsed.warnings.length > 0) throw malformed(file.path, `not a dpkg file list (${parsed.warnings[0] ?? ''})`);
    const result: CatalogResult = { packages: [], ownedFiles: parsed.files };
    return parsed.warnings.length > 0 ? { ...result, warnings: summarized(parsed.warnings) } : result;
  },
});

/** A damaged file can have thousands of odd lines; the report needs the first few and a count. */
const MAX_WARNINGS = 20;

function summarized(warnings: string[]): string[] {
  if (warnings.length <= MAX_WARNINGS) return warnings;
  return [...warnings.slice(0, MAX_WARNINGS), `… and ${warnings.length - MAX_WARNINGS} more`];
}
