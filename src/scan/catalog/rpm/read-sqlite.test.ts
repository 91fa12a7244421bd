import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { readSqliteBlobs } from './read-sqlite.js';

const mariner = gunzipSync(readFileSync(new URL('./fixtures/go-rpmdb/cbl-mariner-2.0-rpmdb.sqlite.gz', import.meta.url)));

/** An in-memory SQLite database built by `setup`, serialised as a file would hold it. */
function sqliteFile(setup: (db: Database.Database) => void): Buffer {
  const db = new Database(':memory:');
  setup(db);
  const bytes = db.serialize();
  db.close();
  return bytes;
}

describe('readSqliteBlobs', () => {
  it('reads the 129 rows of CBL-Mariner 2.0\'s rpmdb.sqlite, a WAL-mode database, without changing the input', () => {
    expect([mariner[18], mariner[19]]).toEqual([2, 2]);
    const before = Buffer.from(mariner);
    const { blobs, warnings } = readSqliteBlobs(mariner);
    expect(warnings).toEqual([]);
    expect(blobs).toHaveLength(129);
    expect(mariner.equals(before)).toBe(true);
  });

  it('warns about a row whose blob is not binary', () => {
    const file = sqliteFile((db) => {
      db.exec('CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL)');
      db.prepare('INSERT INTO Packages (blob) VALUES (?)').run(Buffer.from([0, 0, 0, 1]));
      db.prepare('INSERT INTO Packages (blob) VALUES (?)').run('text');
    });
    expect(readSqliteBlobs(file)).toEqual({ blobs: [Buffer.from([0, 0, 0, 1])], warnings: ['row 2 skipped: its blob is not binary'] });
  });

  it.each([
    ['an SQLite database without a Packages table', sqliteFile((db) => db.exec('CREATE TABLE Other (x)')), /no such table: Packages/],
    ['a file that is not SQLite', Buffer.from('SQLite format 2\0'.padEnd(200, 'x')), /not an SQLite database/],
    ['the SQLite magic followed by garbage', Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(4080, 0xa5)]), /SQLite: /],
    ['a database cut in half', mariner.subarray(0, Math.floor(mariner.length / 2)), /SQLite: /],
    ['a database cut inside its header', mariner.subarray(0, 60), /not an SQLite database/],
  ])('refuses %s with MALFORMED', (_name, file, message) => {
    expect(() => readSqliteBlobs(file)).toThrow(expect.objectContaining({ code: 'MALFORMED', message: expect.stringMatching(message) }));
  });
});
