import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CatalogError } from '../catalog-error.js';
import { HeaderBlob } from './header-blob.js';
import { buildHeaderBlob, withU32 } from './header-blob-harness.js';
import { RpmTag, RpmType } from './rpm-tags.js';

const sample = buildHeaderBlob([
  { tag: RpmTag.NAME, type: RpmType.STRING, value: 'bash' },
  { tag: RpmTag.EPOCH, type: RpmType.INT32, value: [2] },
  { tag: RpmTag.BASENAMES, type: RpmType.STRING_ARRAY, value: ['bash', 'sh'] },
  { tag: RpmTag.FILEMODES, type: RpmType.INT16, value: [0o100755, 0o120777] },
  { tag: RpmTag.LICENSE, type: RpmType.I18NSTRING, value: 'GPLv3+' },
]);
/** Byte offset of index entry `i`'s field (0 tag, 4 type, 8 offset, 12 count). */
const field = (i: number, at: number) => 8 + i * 16 + at;

function expectMalformed(run: () => unknown, message: RegExp): void {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(CatalogError);
  expect((caught as CatalogError).code).toBe('MALFORMED');
  expect((caught as CatalogError).message).toMatch(message);
}

describe('HeaderBlob', () => {
  it('decodes strings, string arrays and integer arrays', () => {
    const header = HeaderBlob.parse(sample);
    expect(header.string(RpmTag.NAME)).toBe('bash');
    expect(header.int32Array(RpmTag.EPOCH)).toEqual([2]);
    expect(header.stringArray(RpmTag.BASENAMES)).toEqual(['bash', 'sh']);
    expect(header.int16Array(RpmTag.FILEMODES)).toEqual([0o100755, 0o120777]);
    expect(header.string(RpmTag.LICENSE)).toBe('GPLv3+');
    expect(header.string(RpmTag.VENDOR)).toBeUndefined();
  });

  it('lets a later entry for the same tag win (rpm dribble entries)', () => {
    const blob = buildHeaderBlob([
      { tag: RpmTag.NAME, type: RpmType.STRING, value: 'old' },
      { tag: RpmTag.NAME, type: RpmType.STRING, value: 'new' },
    ]);
    expect(HeaderBlob.parse(blob).string(RpmTag.NAME)).toBe('new');
  });

  it('ignores region and other internal tags below 100', () => {
    const blob = buildHeaderBlob([
      { tag: 63, type: RpmType.STRING, value: 'region' },
      { tag: RpmTag.NAME, type: RpmType.STRING, value: 'x' },
    ]);
    expect(HeaderBlob.parse(blob).has(63)).toBe(false);
  });

  describe('refuses a damaged blob with MALFORMED', () => {
    it.each([
      ['an empty blob', Buffer.alloc(0), /header index length/],
      ['zero entries', withU32(sample, 0, 0), /0 index entries/],
      ['a huge entry count', withU32(sample, 0, 0x7fffffff), /index entries/],
      ['a huge data length', withU32(sample, 4, 0xfffffff0), /data bytes/],
      ['a data length past the blob', withU32(sample, 4, 10_000), /needs/],
      ['a truncated blob', sample.subarray(0, sample.length - 3), /needs/],
    ])('%s', (_name, blob, message) => {
      expectMalformed(() => HeaderBlob.parse(blob), message);
    });

    it.each([
      ['a string offset past the data', () => HeaderBlob.parse(withU32(sample, field(0, 8), 9999)).string(RpmTag.NAME), /overrun/],
      ['a negative offset', () => HeaderBlob.parse(withU32(sample, field(0, 8), -4)).string(RpmTag.NAME), /overrun/],
      ['a huge string count', () => HeaderBlob.parse(withU32(sample, field(2, 12), 0xffffffff)).stringArray(RpmTag.BASENAMES), /overrun/],
      ['a huge integer count', () => HeaderBlob.parse(withU32(sample, field(1, 12), 0x40000000)).int32Array(RpmTag.EPOCH), /overrun/],
      ['a misaligned integer', () => HeaderBlob.parse(withU32(sample, field(1, 8), 5)).int32Array(RpmTag.EPOCH), /aligned/],
      ['a string read as an integer', () => HeaderBlob.parse(sample).int32Array(RpmTag.NAME), /type 6 where INT32/],
      ['an integer read as a string', () => HeaderBlob.parse(sample).string(RpmTag.EPOCH), /type 4 where a string/],
    ])('%s', (_name, run, message) => {
      expectMalformed(run, message);
    });

    it('a string without its NUL inside the data store', () => {
      const blob = buildHeaderBlob([{ tag: RpmTag.NAME, type: RpmType.STRING, value: 'bash' }]);
      const cut = withU32(blob, 4, 4); // dl = 4: the NUL falls outside
      expectMalformed(() => HeaderBlob.parse(cut.subarray(0, cut.length - 1)).string(RpmTag.NAME), /NUL-terminated/);
    });
  });

  it('never throws anything but CatalogError on random bytes or random damage to a real blob', () => {
    const readAll = (blob: Buffer) => {
      try {
        const header = HeaderBlob.parse(blob);
        header.string(RpmTag.NAME);
        header.stringArray(RpmTag.BASENAMES);
        header.int32Array(RpmTag.EPOCH);
        header.int16Array(RpmTag.FILEMODES);
      } catch (error) {
        if (!(error instanceof CatalogError)) throw error;
      }
    };
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => readAll(Buffer.from(bytes))));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(sample.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), (flips) => {
        const damaged = Buffer.from(sample);
        for (const [at, value] of flips) damaged[at] = value;
        readAll(damaged);
      }),
    );
  });
});
