/**
 * The Rust binary cataloger: crates compiled into ELF executables built with
 * `cargo auditable`, read from the `.dep-v0` section. Every package of the
 * embedded tree is reported — the root crate and build-time-only dependencies
 * (proc-macros, build scripts) included, marked in metadata — since policies,
 * not the scanner, decide what counts. Section lookup needs random access, so
 * the file is read whole (the per-file cap bounds it; a file above it is a
 * warning).
 */
import type { CatalogFile, CatalogResult, Cataloger } from '../cataloger.js';
import { CatalogError } from '../catalog-error.js';
import { ElfFile, hasElfMagic, isExecutableCandidate } from '../elf/index.js';
import type { Package } from '../package.js';
import { purlOf } from '../purl.js';
import { DEFAULT_AUDIT_DATA_LIMITS, decodeAuditData, type AuditDataLimits } from './audit-data.js';

export const AUDIT_SECTION = '.dep-v0';

export interface RustBinaryCatalogerOptions {
  limits?: Partial<AuditDataLimits>;
}

export function createRustBinaryCataloger(options: RustBinaryCatalogerOptions = {}): Cataloger {
  const limits: AuditDataLimits = Object.freeze({ ...DEFAULT_AUDIT_DATA_LIMITS, ...options.limits });
  return Object.freeze({
    name: 'rust-binary',
    version: 1,
    wants: isExecutableCandidate,
    parse: (file: CatalogFile) => parseRustBinary(file, limits),
  });
}

export const rustBinaryCataloger: Cataloger = createRustBinaryCataloger();

async function parseRustBinary(file: CatalogFile, limits: AuditDataLimits): Promise<CatalogResult> {
  const bytes = await readWhole(file);
  if (!bytes) return { packages: [], warnings: [`${file.path}: above the per-file cap (${file.size} bytes); not inspected for cargo-auditable data`] };
  if (!hasElfMagic(bytes)) return { packages: [] };
  const elf = ElfFile.parse(bytes);
  const section = elf.section(AUDIT_SECTION);
  if (!section) return { packages: [] };
  const warnings: string[] = [];
  const data = decodeAuditData(elf.sectionData(section), limits, warnings);
  const packages = data.packages.map(
    (crate): Package => ({
      name: crate.name,
      version: crate.version,
      type: 'cargo',
      purl: purlOf({ type: 'cargo', name: crate.name, version: crate.version }),
      path: file.path,
      metadata: { source: crate.source, kind: crate.kind, root: crate.root, auditFormat: data.format },
    }),
  );
  return warnings.length > 0 ? { packages, warnings: warnings.map((warning) => `${file.path}: ${warning}`) } : { packages };
}

/**
 * Every executable is a candidate, most are not Rust: one above the per-file cap
 * is a warning here, not an error (it is most likely a big Go or C++ binary).
 */
async function readWhole(file: CatalogFile): Promise<Buffer | undefined> {
  try {
    return await file.read();
  } catch (error) {
    if (error instanceof CatalogError && error.code === 'FILE_TOO_LARGE') return undefined;
    throw error;
  }
}
