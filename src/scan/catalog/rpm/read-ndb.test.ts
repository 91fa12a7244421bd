import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CatalogError } from '../catalog-error.js';
import { readNdbBlobs } from './read-ndb.js';

const sle15 = gunzipSync(readFileSync(new URL('./fixtures/go-rpmdb/sle15-bci-Packages.db.gz', import.meta.url)));
/** The first package slot (after the two header slots) and its blob, as laid out in the fixture. */
const FIRST_SLOT = 32;
const FIRST_BLOB = 256 * 16;

function patched(write: (copy: Buffer) => void): Buffer {
  const copy = Buffer.from(sle15);
  write(copy);
  return copy;
}

describe('readNdbBlobs', () => {
  it('reads the 35 headers of the SLE 15 BCI database', () => {
    const { blobs, warnings } = readNdbBlobs(sle15);
    expect(warnings).toEqual([]);
    expect(blobs).toHaveLength(35);
  });

  it.each([
    ['no magic', patched((c) => c.write('XXXX', 0, 'latin1')), /magic "RpmP" missing/],
    ['another version', patched((c) => c.writeUInt32LE(1, 4)), /unsupported NDB version 1/],
    ['no slot pages', patched((c) => c.writeUInt32LE(0, 12)), /declares 0 slot pages/],
    ['more slot pages than the file holds', patched((c) => c.writeUInt32LE(0xffffffff, 12)), /declares 4294967295 slot pages/],
    ['a damaged slot', patched((c) => c.write('Slxt', FIRST_SLOT + 16, 'latin1')), /bad slot magic at offset 48/],
    ['a file cut inside the slot table', sle15.subarray(0, 3000), /declares 1 slot pages/],
    ['a file shorter than its header', sle15.subarray(0, 8), /slot page count/],
  ])('refuses %s with MALFORMED', (_name, db, message) => {
    expect(() => readNdbBlobs(db)).toThrow(expect.objectContaining({ code: 'MALFORMED', message: expect.stringMatching(message) }));
  });

  it.each([
    ['a block offset past the file', (c: Buffer) => c.writeUInt32LE(0xffffffff, FIRST_SLOT + 8), /blob header at 68719476720 is outside the file/],
    ['a damaged blob magic', (c: Buffer) => c.write('Blxx', FIRST_BLOB, 'latin1'), /bad blob magic at 4096/],
    ['a blob of another package', (c: Buffer) => c.writeUInt32LE(99, FIRST_BLOB + 4), /belongs to another package/],
    ['a huge blob length', (c: Buffer) => c.writeUInt32LE(0xffffffff, FIRST_BLOB + 12), /exceeds its 260 blocks/],
    ['a blob past the end of the file', (c: Buffer) => {
      c.writeUInt32LE(0x0fffffff, FIRST_SLOT + 12);
      c.writeUInt32LE(0x00ffffff, FIRST_BLOB + 12);
    }, /runs past the end of the file/],
  ])('skips one package with %s, with a warning', (_name, write, message) => {
    const { blobs, warnings } = readNdbBlobs(patched(write));
    expect(blobs).toHaveLength(34);
    expect(warnings).toEqual([expect.stringMatching(message)]);
  });

  it('keeps the blobs before the cut of a truncated file', () => {
    const { blobs, warnings } = readNdbBlobs(sle15.subarray(0, Math.floor(sle15.length / 2)));
    expect(blobs.length).toBeGreaterThan(0);
    expect(blobs.length).toBeLessThan(35);
    expect(warnings.length).toBe(35 - blobs.length);
  });

  it('never throws anything but CatalogError on damage to the header, slots or first blob', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(FIRST_BLOB + 64), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 12 }), (flips) => {
        const damaged = Buffer.from(sle15);
        for (const [at, value] of flips) damaged[at] = value;
        try {
          readNdbBlobs(damaged);
        } catch (error) {
          if (!(error instanceof CatalogError)) throw error;
        }
      }),
      { numRuns: 300 },
    );
  });
});
