import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CatalogError } from '../catalog-error.js';
import { buildElf } from './fixtures/elf-builder.js';
import { ElfFile, hasElfMagic, SHT_NOBITS } from './index.js';

const fixture = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url));
const GO_MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');

/** Parses, and reads every section, the way a cataloger would; returns the error thrown, if any. */
function exercise(bytes: Buffer): unknown {
  try {
    const elf = ElfFile.parse(bytes);
    for (const section of elf.sections) {
      try {
        elf.sectionData(section);
      } catch (error) {
        if (!(error instanceof CatalogError)) throw error;
      }
      elf.readVirtual(section.address, 64);
    }
    return undefined;
  } catch (error) {
    return error;
  }
}

function expectMalformed(run: () => unknown): void {
  expect(run).toThrow(CatalogError);
  try {
    run();
  } catch (error) {
    expect(error).toMatchObject({ code: 'MALFORMED' });
  }
}

describe('ElfFile on real files', () => {
  it('reads a rustc-built ELF64 executable and its added .dep-v0 section', () => {
    const elf = ElfFile.parse(fixture('rust-binary/fixtures/hello_world.auditable'));
    expect(elf).toMatchObject({ is64: true, littleEndian: true, machine: 62 });
    const section = elf.section('.dep-v0');
    expect(section).toMatchObject({ type: 1, flags: 0n });
    expect(elf.sectionData(section!).subarray(0, 2)).toEqual(Buffer.from([0x78, 0xda]));
    expect(elf.sections.map((s) => s.name)).toEqual(expect.arrayContaining(['.text', '.dynamic', '.shstrtab']));
  });

  it('reads a 32-bit relocatable object from gcc -m32', () => {
    const elf = ElfFile.parse(fixture('rust-binary/fixtures/hello32-auditable.o'));
    expect(elf).toMatchObject({ is64: false, littleEndian: true, machine: 3, segments: [] });
    expect(elf.sectionData(elf.section('.dep-v0')!).length).toBe(247);
  });

  it('translates virtual addresses through the program headers (Go build info in a real binary)', () => {
    const elf = ElfFile.parse(fixture('go/fixtures/kpt.buildinfo.elf'));
    const section = elf.section('.go.buildinfo')!;
    expect(elf.readVirtual(section.address, 14)).toEqual(GO_MAGIC);
    expect(elf.sectionData(section).subarray(0, 14)).toEqual(GO_MAGIC);
    expect(elf.readVirtual(0x10n, 4)).toBeUndefined();
  });

  it.skipIf(!existsSync('/usr/bin/umoci'))("reads Debian's /usr/bin/umoci whole", () => {
    const elf = ElfFile.parse(readFileSync('/usr/bin/umoci'));
    const section = elf.section('.go.buildinfo')!;
    expect(elf.readVirtual(section.address, 14)).toEqual(GO_MAGIC);
    expect(elf.section('.bss')?.type).toBe(SHT_NOBITS);
    expect(elf.sectionData(elf.section('.bss')!).length).toBe(0);
  });
});

describe('ElfFile layouts', () => {
  it.each([
    { is64: true, littleEndian: true },
    { is64: true, littleEndian: false },
    { is64: false, littleEndian: true },
    { is64: false, littleEndian: false },
  ])('64-bit: $is64, little-endian: $littleEndian', ({ is64, littleEndian }) => {
    const { bytes } = buildElf({
      is64,
      littleEndian,
      machine: 8,
      sections: [
        { name: '.rodata', data: Buffer.from('hello, world'), address: 0x1000n, load: true },
        { name: '.dep-v0', data: Buffer.from([1, 2, 3]) },
      ],
    });
    const elf = ElfFile.parse(bytes);
    expect(elf).toMatchObject({ is64, littleEndian, machine: 8 });
    expect(elf.sections.map((s) => s.name)).toEqual(['', '.rodata', '.dep-v0', '.shstrtab']);
    expect(elf.sectionData(elf.section('.dep-v0')!)).toEqual(Buffer.from([1, 2, 3]));
    expect(elf.readVirtual(0x1007n, 100)?.toString()).toBe('world');
    expect(elf.readVirtual(0x100cn, 1)).toBeUndefined();
  });

  it('follows extended section numbering (count and name-table index in section 0)', () => {
    const built = buildElf({ sections: [{ name: '.a', data: Buffer.from('a') }, { name: '.b', data: Buffer.from('b') }] });
    const { bytes, sectionHeaderOffset } = built;
    bytes.writeUInt16LE(0, 60); // e_shnum = 0: the count is in section 0's sh_size
    bytes.writeUInt16LE(0xffff, 62); // e_shstrndx = SHN_XINDEX: the index is in section 0's sh_link
    bytes.writeBigUInt64LE(4n, sectionHeaderOffset + 32);
    bytes.writeUInt32LE(3, sectionHeaderOffset + 40);
    expect(ElfFile.parse(bytes).sections.map((s) => s.name)).toEqual(['', '.a', '.b', '.shstrtab']);
  });
});

describe('ElfFile on malformed input', () => {
  const sample = () => buildElf({ sections: [{ name: '.rodata', data: Buffer.alloc(64, 7), address: 0x400000n, load: true }, { name: '.dep-v0', data: Buffer.alloc(32, 1) }] });

  it('reads a header whose section table is gone (e_shnum and e_shentsize 0, as sstrip leaves it) as having no sections', () => {
    const { bytes } = sample();
    bytes.writeUInt16LE(0, 58);
    bytes.writeUInt16LE(0, 60);
    const elf = ElfFile.parse(bytes);
    expect(elf.sections).toEqual([]);
    expect(elf.readVirtual(0x400000n, 4)).toEqual(Buffer.alloc(4, 7));
  });

  it('refuses what is not ELF, and truncated identification or headers', () => {
    expect(hasElfMagic(Buffer.from('\x7fEL'))).toBe(false);
    expectMalformed(() => ElfFile.parse(Buffer.from('#!/bin/sh\n')));
    expectMalformed(() => ElfFile.parse(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1])));
    expectMalformed(() => ElfFile.parse(sample().bytes.subarray(0, 40)));
    const badClass = sample().bytes;
    badClass[4] = 9;
    expectMalformed(() => ElfFile.parse(badClass));
  });

  it('refuses tables outside the file, however large their declared place', () => {
    const { bytes } = sample();
    bytes.writeBigUInt64LE(0xffffffffffffff00n, 40); // e_shoff
    expectMalformed(() => ElfFile.parse(bytes));
    const many = sample().bytes;
    many.writeUInt16LE(0xfffe, 60); // e_shnum
    expectMalformed(() => ElfFile.parse(many));
    const tinyEntries = sample().bytes;
    tinyEntries.writeUInt16LE(8, 58); // e_shentsize
    expectMalformed(() => ElfFile.parse(tinyEntries));
  });

  it('refuses section data with a bogus offset or a 2^63-byte size without allocating it', () => {
    const built = sample();
    const at = built.sectionHeaderOffset + 2 * 64; // section 2: .dep-v0
    built.bytes.writeBigUInt64LE(0x7fffffffffffffffn, at + 32);
    const elf = ElfFile.parse(built.bytes);
    expectMalformed(() => elf.sectionData(elf.section('.dep-v0')!));
    built.bytes.writeBigUInt64LE(32n, at + 32);
    built.bytes.writeBigUInt64LE(BigInt(built.bytes.length), at + 24);
    const moved = ElfFile.parse(built.bytes);
    expectMalformed(() => moved.sectionData(moved.section('.dep-v0')!));
  });

  it('never answers a truncated or corrupted file with anything but a result or MALFORMED', () => {
    const inputs = [sample().bytes, fixture('rust-binary/fixtures/hello32-auditable.o'), fixture('go/fixtures/skopeo.buildinfo.elf')];
    fc.assert(
      fc.property(
        fc.constantFrom(...inputs),
        fc.nat(),
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 })), { maxLength: 8 }),
        (input, cut, flips) => {
          const bytes = Buffer.from(input.subarray(0, cut % (input.length + 1)));
          // Half the flips hit the ELF header, half land anywhere (section and program header tables included).
          for (const [at, value] of flips) if (bytes.length > 0) bytes[at % 2 === 0 ? at % Math.min(bytes.length, 64) : at % bytes.length] = value;
          const error = exercise(bytes);
          if (error !== undefined) expect(error).toMatchObject({ code: 'MALFORMED' });
        },
      ),
      { numRuns: 500 },
    );
  });
});
