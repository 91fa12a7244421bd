/**
 * The rpm cataloger: installed packages and the files they own, from the rpm
 * database in any of its three formats. The format is recognised by content
 * (an image may keep a stale database of another format beside the live one,
 * and `Packages` has been both Berkeley DB and, on some distributions, a
 * symlink target of the others), never by file name alone.
 */
import { CatalogError } from '../catalog-error.js';
import type { CatalogFile, CatalogResult, Cataloger, FileHeader } from '../cataloger.js';
import type { Package } from '../package.js';
import { BDB_HASH_MAGIC, readBdbBlobs, type RpmdbBlobs } from './read-bdb.js';
import { NDB_HEADER_MAGIC, readNdbBlobs } from './read-ndb.js';
import { SQLITE_MAGIC, readSqliteBlobs } from './read-sqlite.js';
import { parseRpmHeader } from './parse-rpm-header.js';
import { rpmPackage } from './package.js';

const DATABASE_DIRS = ['/var/lib/rpm/', '/usr/lib/sysimage/rpm/', '/usr/share/rpm/'];
const DATABASE_FILES = ['Packages', 'Packages.db', 'rpmdb.sqlite'];
/** Berkeley DB btree magic: the other access method, which rpm never used for `Packages`. */
const BDB_BTREE_MAGIC = 0x053162;
const MAX_WARNINGS = 20;

export const rpmCataloger: Cataloger = Object.freeze({
  name: 'rpm',
  version: 1,
  wants: (file: FileHeader) => DATABASE_DIRS.some((dir) => file.path.startsWith(dir) && DATABASE_FILES.includes(file.path.slice(dir.length))),
  parse: async (file: CatalogFile): Promise<CatalogResult> => {
    const bytes = await file.read();
    if (bytes.length === 0) return { packages: [] };
    let database: RpmdbBlobs;
    try {
      database = readerFor(bytes)(bytes);
    } catch (error) {
      if (error instanceof CatalogError) throw new CatalogError(error.code, `${file.path}: ${error.message}`, { detail: { path: file.path }, cause: error });
      throw error;
    }
    return packagesOf(database, file.path);
  },
});

function readerFor(bytes: Buffer): (bytes: Buffer) => RpmdbBlobs {
  if (bytes.length >= 16 && bytes.subarray(0, 16).equals(SQLITE_MAGIC)) return readSqliteBlobs;
  if (bytes.length >= 4 && bytes.readUInt32LE(0) === NDB_HEADER_MAGIC) return readNdbBlobs;
  if (bytes.length >= 16) {
    const magic = [bytes.readUInt32LE(12), bytes.readUInt32BE(12)];
    if (magic.includes(BDB_HASH_MAGIC)) return readBdbBlobs;
    if (magic.includes(BDB_BTREE_MAGIC)) throw new CatalogError('UNSUPPORTED_FORMAT', 'a Berkeley DB btree, not an rpm Packages hash database');
  }
  throw new CatalogError('MALFORMED', 'not an rpm database (neither SQLite, NDB nor Berkeley DB hash)');
}

function packagesOf(database: RpmdbBlobs, path: string): CatalogResult {
  const packages: Package[] = [];
  const owned = new Set<string>();
  const warnings = [...database.warnings];
  for (const [index, blob] of database.blobs.entries()) {
    try {
      const facts = parseRpmHeader(blob);
      // gpg-pubkey "packages" are imported signing keys, not software.
      if (facts.name === 'gpg-pubkey') continue;
      const { found, warning } = rpmPackage(facts);
      packages.push({ ...found, path });
      for (const ownedPath of facts.files) owned.add(ownedPath);
      if (warning) warnings.push(warning);
      if (facts.filesProblem) warnings.push(`${facts.name}: file list ignored: ${facts.filesProblem}`);
    } catch (error) {
      if (!(error instanceof CatalogError)) throw error;
      warnings.push(`header ${index} skipped: ${error.message}`);
    }
  }
  const result: CatalogResult = { packages, ownedFiles: [...owned] };
  if (warnings.length === 0) return result;
  return { ...result, warnings: warnings.length <= MAX_WARNINGS ? warnings : [...warnings.slice(0, MAX_WARNINGS), `… and ${warnings.length - MAX_WARNINGS} more`] };
}
