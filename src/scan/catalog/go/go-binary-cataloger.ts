/**
 * The Go binary cataloger: modules compiled into ELF executables, read from the
 * build info the Go linker embeds (`go version -m` shows the same). Go ≥ 1.18
 * binaries are scanned as a stream; older ones need random access and are read
 * whole when the file is under the per-file cap, else reported as a warning.
 */
import type { CatalogFile, CatalogResult, Cataloger } from '../cataloger.js';
import { CatalogError } from '../catalog-error.js';
import { ElfFile, isExecutableCandidate } from '../elf/index.js';
import { DEFAULT_BUILD_INFO_LIMITS, scanBuildInfo, type BuildInfoLimits, type BuildInfoScan } from './build-info-scanner.js';
import { goPackages } from './go-packages.js';
import { parseModinfo, stripModinfoFraming } from './modinfo.js';
import { readPointerBuildInfo, type RawBuildInfo } from './pointer-build-info.js';

export interface GoBinaryCatalogerOptions {
  limits?: Partial<BuildInfoLimits>;
}

export function createGoBinaryCataloger(options: GoBinaryCatalogerOptions = {}): Cataloger {
  const limits: BuildInfoLimits = Object.freeze({ ...DEFAULT_BUILD_INFO_LIMITS, ...options.limits });
  return Object.freeze({
    name: 'go-binary',
    version: 1,
    wants: isExecutableCandidate,
    parse: (file: CatalogFile) => parseGoBinary(file, limits),
  });
}

export const goBinaryCataloger: Cataloger = createGoBinaryCataloger();

async function parseGoBinary(file: CatalogFile, limits: BuildInfoLimits): Promise<CatalogResult> {
  const scan = await scanBuildInfo(file.stream(), limits);
  const warnings: string[] = [];
  const raw = await rawBuildInfo(file, scan, limits, warnings);
  if (!raw) return warnings.length > 0 ? { packages: [], warnings } : { packages: [] };
  const text = raw.modinfo ? stripModinfoFraming(raw.modinfo).toString('utf8') : '';
  const info = parseModinfo(raw.goVersion, text, warnings);
  const packages = goPackages(info, file.path, warnings);
  return warnings.length > 0 ? { packages, warnings } : { packages };
}

async function rawBuildInfo(file: CatalogFile, scan: BuildInfoScan, limits: BuildInfoLimits, warnings: string[]): Promise<Partial<RawBuildInfo> & { goVersion: string } | undefined> {
  switch (scan.kind) {
    case 'not-elf':
    case 'absent':
      return undefined;
    case 'truncated':
      warnings.push(`${file.path}: Go build info at offset ${scan.offset} is cut off by the end of the file`);
      return undefined;
    case 'inline':
      if (!scan.modinfo) warnings.push(`${file.path}: Go module info of ${scan.modinfoSize} bytes exceeds the ${limits.maxModinfoBytes}-byte cap; only the toolchain is reported`);
      return scan.modinfo ? { goVersion: scan.goVersion, modinfo: scan.modinfo } : { goVersion: scan.goVersion };
    case 'pointers': {
      const bytes = await readWhole(file, warnings);
      if (!bytes) return undefined;
      const raw = readPointerBuildInfo(ElfFile.parse(bytes), scan, limits);
      if (!raw) warnings.push(`${file.path}: pre-Go-1.18 build info at offset ${scan.offset} points outside the loaded segments`);
      return raw;
    }
  }
}

/**
 * Random access for pointer-based build info: the whole file. A file above the
 * per-file cap (or one the layer walk can hand out only once) cannot be read
 * again after the scan; that is a warning, with the reason.
 */
async function readWhole(file: CatalogFile, warnings: string[]): Promise<Buffer | undefined> {
  try {
    return await file.read();
  } catch (error) {
    if (!(error instanceof CatalogError)) throw error;
    const reason = error.code === 'FILE_TOO_LARGE' ? `the file (${file.size} bytes) is above the per-file cap` : error.message;
    warnings.push(`${file.path}: pre-Go-1.18 build info needs random access, but ${reason}; modules not read`);
    return undefined;
  }
}
