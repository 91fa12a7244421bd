import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CatalogError } from '../catalog-error.js';
import { readBdbBlobs } from './read-bdb.js';

const libuuid = readFileSync(new URL('./fixtures/go-rpmdb/libuuid-Packages', import.meta.url));
const dive = readFileSync(new URL('./fixtures/syft/Packages', import.meta.url));
const PAGE = 4096;

/** A copy of `db` with `write` applied (offsets are absolute). */
function patched(db: Buffer, write: (copy: Buffer) => void): Buffer {
  const copy = Buffer.from(db);
  write(copy);
  return copy;
}

/**
 * The same database as a big-endian machine writes it: every page-header field,
 * item offset and off-page reference byte-swapped (the header blobs themselves
 * are big-endian already).
 */
function bigEndian(db: Buffer): Buffer {
  return patched(db, (copy) => {
    const swap32 = (at: number) => copy.writeUInt32BE(db.readUInt32LE(at), at);
    const swap16 = (at: number) => copy.writeUInt16BE(db.readUInt16LE(at), at);
    for (const at of [12, 16, 20, 28, 32]) swap32(at);
    for (let page = 1; page < db.length / PAGE; page++) {
      const base = page * PAGE;
      for (const at of [8, 12, 16]) swap32(base + at);
      swap16(base + 20);
      swap16(base + 22);
      if (db[base + 25] !== 13) continue;
      for (let i = 0; i < db.readUInt16LE(base + 20); i++) {
        const item = db.readUInt16LE(base + 26 + 2 * i);
        swap16(base + 26 + 2 * i);
        if (db[base + item] === 3) [4, 8].forEach((at) => swap32(base + item + at));
      }
    }
  });
}

describe('readBdbBlobs on real rpm Packages databases', () => {
  it('reads the one header of the RHEL 8 libuuid database (a 20-page overflow chain)', () => {
    const { blobs, warnings } = readBdbBlobs(libuuid);
    expect(warnings).toEqual([]);
    expect(blobs.map((b) => b.length)).toEqual([80880]);
    expect(blobs[0]?.readUInt32BE(0)).toBeGreaterThan(0);
  });

  it('reads the dive header of Syft\'s database and skips rpm\'s 4-byte instance counter record', () => {
    const { blobs } = readBdbBlobs(dive);
    expect(blobs.map((b) => b.length)).toEqual([1324]);
  });

  it('reads a big-endian database the same way', () => {
    expect(readBdbBlobs(bigEndian(libuuid))).toEqual(readBdbBlobs(libuuid));
  });
});

describe('readBdbBlobs on damaged databases', () => {
  it.each([
    ['a file shorter than the metadata', libuuid.subarray(0, 10), /magic/],
    ['no hash magic', patched(libuuid, (c) => c.writeUInt32LE(0x12345678, 12)), /not a Berkeley DB hash database/],
    ['an impossible page size', patched(libuuid, (c) => c.writeUInt32LE(1000, 20)), /page size 1000/],
    ['page 0 not a metadata page', patched(libuuid, (c) => (c[25] = 13)), /not a hash metadata page/],
  ])('refuses %s with MALFORMED', (_name, db, message) => {
    expect(() => readBdbBlobs(db)).toThrow(expect.objectContaining({ code: 'MALFORMED', message: expect.stringMatching(message) }));
  });

  it('refuses an encrypted database as UNSUPPORTED_FORMAT', () => {
    expect(() => readBdbBlobs(patched(libuuid, (c) => (c[24] = 1)))).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_FORMAT' }));
  });

  it('warns about a truncated file and skips the value whose chain is cut', () => {
    expect(readBdbBlobs(libuuid.subarray(0, 10 * PAGE + 100)).warnings).toEqual([
      'database truncated: 23 pages declared, 10 present',
      'value 1 on page 2 skipped: declares 80880 bytes, more than the whole 41060-byte file',
    ]);
    const { blobs, warnings } = readBdbBlobs(libuuid.subarray(0, 21 * PAGE));
    expect(blobs).toEqual([]);
    expect(warnings).toEqual(['database truncated: 23 pages declared, 21 present', 'value 1 on page 2 skipped: overflow page 21 is beyond the 21 pages present']);
  });

  it.each([
    ['a chain looping back', (c: Buffer) => c.writeUInt32LE(5, 10 * PAGE + 16), /overflow page 5 is used twice/],
    ['a page pointing at itself', (c: Buffer) => c.writeUInt32LE(3, 3 * PAGE + 16), /overflow page 3 is used twice/],
    ['a declared length beyond the file', (c: Buffer) => c.writeUInt32LE(0xffffffff, 2 * PAGE + 4079 + 8), /more than the whole/],
    ['a declared length beyond the chain', (c: Buffer) => c.writeUInt32LE(90000, 2 * PAGE + 4079 + 8), /holds 80880 of 90000 bytes/],
    ['a chain through a non-overflow page', (c: Buffer) => c.writeUInt32LE(1, 2 * PAGE + 4079 + 4), /page 1 in an overflow chain is not an overflow page/],
    ['a chain starting past the file', (c: Buffer) => c.writeUInt32LE(0x7fffffff, 2 * PAGE + 4079 + 4), /beyond the 23 pages/],
  ])('skips a value with %s, with a warning', (_name, write, message) => {
    const { blobs, warnings } = readBdbBlobs(patched(libuuid, write));
    expect(blobs).toEqual([]);
    expect(warnings).toEqual([expect.stringMatching(message)]);
  });

  it.each([
    ['an odd entry count', (c: Buffer) => c.writeUInt16LE(3, 2 * PAGE + 20), /odd entry count 3/],
    ['an item offset past the page', (c: Buffer) => c.writeUInt16LE(5000, 2 * PAGE + 28), /item type/],
    ['an entry count past the page', (c: Buffer) => c.writeUInt16LE(0xfffe, 2 * PAGE + 20), /65534 item offsets do not fit in a 4096-byte page/],
  ])('skips a hash page with %s, with a warning', (_name, write, message) => {
    const { blobs, warnings } = readBdbBlobs(patched(libuuid, write));
    expect(blobs).toEqual([]);
    expect(warnings).toEqual([expect.stringMatching(message)]);
  });

  it('never throws anything but CatalogError, and always finishes, whatever bytes are damaged', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(4 * PAGE - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 12 }), (flips) => {
        const damaged = Buffer.from(libuuid);
        for (const [at, value] of flips) damaged[at] = value;
        try {
          readBdbBlobs(damaged);
        } catch (error) {
          if (!(error instanceof CatalogError)) throw error;
        }
      }),
      { numRuns: 300 },
    );
  });
});
