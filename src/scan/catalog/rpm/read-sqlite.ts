/**
 * Header blobs from rpm's SQLite backend, `rpmdb.sqlite` (rpm ≥ 4.16: Fedora 33+,
 * RHEL/Rocky/Alma 9, CBL-Mariner 2, Amazon Linux 2023): table
 * `Packages(hnum INTEGER PRIMARY KEY, blob BLOB)`, one header blob per row
 * (rpm lib/backend/sqlite.c).
 *
 * rpm opens the database in WAL mode, which SQLite records in header bytes 18
 * and 19; a database deserialised from memory cannot use WAL, so a copy with
 * those bytes set back to the rollback journal (1) is opened instead
 * (sqlite.org/fileformat2.html §1.3.3, §1.3.4). A `-wal` file beside the
 * database is not read: rpm checkpoints it when a transaction ends, and images
 * are built from finished transactions.
 */
import Database from 'better-sqlite3';
import { corrupt } from './checked-bytes.js';
import type { RpmdbBlobs } from './read-bdb.js';

export const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

export function readSqliteBlobs(buffer: Buffer): RpmdbBlobs {
  if (buffer.length < 100 || !buffer.subarray(0, 16).equals(SQLITE_MAGIC)) throw corrupt('not an SQLite database');
  const copy = Buffer.from(buffer);
  if (copy[18] === 2) copy[18] = 1;
  if (copy[19] === 2) copy[19] = 1;
  let db: Database.Database | undefined;
  try {
    db = new Database(copy, { readonly: true });
    const rows = db.prepare('SELECT hnum, blob FROM Packages ORDER BY hnum').raw(true).iterate() as Iterable<unknown[]>;
    const blobs: Buffer[] = [];
    const warnings: string[] = [];
    for (const [hnum, blob] of rows) {
      if (Buffer.isBuffer(blob)) blobs.push(blob);
      else warnings.push(`row ${String(hnum)} skipped: its blob is not binary`);
    }
    return { blobs, warnings };
  } catch (error) {
    // SqliteError: not a database, corrupt pages, no Packages table — all properties of the file.
    if (error instanceof Error && error.name === 'SqliteError') throw corrupt(`SQLite: ${error.message}`);
    throw error;
  } finally {
    db?.close();
  }
}
