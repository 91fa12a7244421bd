/**
 * A tiny, bounds-checked ELF reader (System V gABI, "ELF header", "Sections",
 * "Program header"): 32- and 64-bit, little- and big-endian. It reads only the
 * tables the binary catalogers need — section headers with their names, and
 * program headers to translate virtual addresses, as Go's debug/buildinfo does —
 * from a Buffer already in memory. Every offset and size in the file is
 * untrusted: anything pointing outside the buffer is a CatalogError MALFORMED,
 * never an out-of-range read or a huge allocation.
 */
import { CatalogError } from '../catalog-error.js';

export const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);

/** Section type without file data (`.bss`): its offset and size say nothing about the file. */
export const SHT_NOBITS = 8;
export const PT_LOAD = 1;

export interface ElfSection {
  name: string;
  type: number;
  flags: bigint;
  address: bigint;
  offset: bigint;
  size: bigint;
  link: number;
}

export interface ElfSegment {
  type: number;
  flags: number;
  offset: bigint;
  virtualAddress: bigint;
  fileSize: bigint;
}

interface Layout {
  readonly headerSize: number;
  readonly sectionHeaderSize: number;
  readonly programHeaderSize: number;
}
const LAYOUT_32: Layout = { headerSize: 52, sectionHeaderSize: 40, programHeaderSize: 32 };
const LAYOUT_64: Layout = { headerSize: 64, sectionHeaderSize: 64, programHeaderSize: 56 };

/** Extended numbering (gABI): a count or index too large for the header lives in section 0. */
const SHN_XINDEX = 0xffff;
const PN_XNUM = 0xffff;

export function hasElfMagic(bytes: Buffer): boolean {
  return bytes.length >= 4 && bytes.subarray(0, 4).equals(ELF_MAGIC);
}

function malformed(message: string): CatalogError {
  return new CatalogError('MALFORMED', `ELF: ${message}`);
}

export class ElfFile {
  readonly is64: boolean;
  readonly littleEndian: boolean;
  readonly machine: number;
  readonly sections: readonly ElfSection[];
  readonly segments: readonly ElfSegment[];
  readonly #bytes: Buffer;

  private constructor(bytes: Buffer) {
    this.#bytes = bytes;
    if (!hasElfMagic(bytes)) throw malformed('no ELF magic');
    if (bytes.length < 16) throw malformed('truncated identification');
    const elfClass = bytes[4];
    const data = bytes[5];
    if (elfClass !== 1 && elfClass !== 2) throw malformed(`unknown class ${String(elfClass)}`);
    if (data !== 1 && data !== 2) throw malformed(`unknown data encoding ${String(data)}`);
    this.is64 = elfClass === 2;
    this.littleEndian = data === 1;
    const layout = this.is64 ? LAYOUT_64 : LAYOUT_32;
    if (bytes.length < layout.headerSize) throw malformed(`truncated header (${bytes.length} bytes)`);
    this.machine = this.u16(18);
    const word = this.is64 ? 8 : 4;
    const phoff = this.addr(24 + word);
    const shoff = this.addr(24 + 2 * word);
    const fields = 24 + 3 * word + 4; // after e_entry, e_phoff, e_shoff, e_flags
    const phentsize = this.u16(fields + 2);
    const phnumRaw = this.u16(fields + 4);
    const shentsize = this.u16(fields + 6);
    const shnumRaw = this.u16(fields + 8);
    const shstrndxRaw = this.u16(fields + 10);

    const extended = shnumRaw === 0 || phnumRaw === PN_XNUM || shstrndxRaw === SHN_XINDEX;
    const zeroth = extended && shoff !== 0n && shentsize >= layout.sectionHeaderSize ? this.rawSectionHeader(shoff, 0, shentsize, layout) : undefined;
    const shnum = shnumRaw === 0 && zeroth ? this.toIndex(zeroth.size, 'section count') : shnumRaw;
    const phnum = phnumRaw === PN_XNUM && zeroth ? zeroth.info : phnumRaw;
    const shstrndx = shstrndxRaw === SHN_XINDEX && zeroth ? zeroth.link : shstrndxRaw;

    this.segments = this.readSegments(phoff, phnum, phentsize, layout);
    this.sections = this.readSections(shoff, shnum, shentsize, shstrndx, layout);
  }

  /** Parses the ELF tables of `bytes`; throws CatalogError MALFORMED when they do not fit the file. */
  static parse(bytes: Buffer): ElfFile {
    return new ElfFile(bytes);
  }

  section(name: string): ElfSection | undefined {
    return this.sections.find((section) => section.name === name);
  }

  /** The file bytes of `section` (a view, not a copy); MALFORMED when they lie outside the file. */
  sectionData(section: ElfSection): Buffer {
    if (section.type === SHT_NOBITS) return Buffer.alloc(0);
    return this.slice(section.offset, section.size, `section ${section.name || '(unnamed)'}`);
  }

  /**
   * Up to `size` bytes at virtual address `address`, from the first loadable
   * segment whose file image contains it (Go's elfExe.ReadData); undefined when no
   * segment maps it or the segment lies outside the file.
   */
  readVirtual(address: bigint, size: number): Buffer | undefined {
    for (const segment of this.segments) {
      if (segment.type !== PT_LOAD || segment.fileSize === 0n) continue;
      const end = segment.virtualAddress + segment.fileSize;
      if (address < segment.virtualAddress || address >= end) continue;
      const available = end - address;
      const length = available < BigInt(size) ? available : BigInt(size);
      const start = segment.offset + (address - segment.virtualAddress);
      if (start + length > BigInt(this.#bytes.length)) return undefined;
      return this.#bytes.subarray(Number(start), Number(start + length));
    }
    return undefined;
  }

  private readSegments(phoff: bigint, count: number, entrySize: number, layout: Layout): ElfSegment[] {
    if (count === 0) return [];
    this.checkTable(phoff, count, entrySize, layout.programHeaderSize, 'program header table');
    const segments: ElfSegment[] = [];
    for (let index = 0; index < count; index++) {
      const at = Number(phoff) + index * entrySize;
      segments.push(
        this.is64
          ? { type: this.u32(at), flags: this.u32(at + 4), offset: this.u64(at + 8), virtualAddress: this.u64(at + 16), fileSize: this.u64(at + 32) }
          : { type: this.u32(at), offset: BigInt(this.u32(at + 4)), virtualAddress: BigInt(this.u32(at + 8)), fileSize: BigInt(this.u32(at + 16)), flags: this.u32(at + 24) },
      );
    }
    return segments;
  }

  private readSections(shoff: bigint, count: number, entrySize: number, shstrndx: number, layout: Layout): ElfSection[] {
    if (count === 0 || shoff === 0n) return [];
    this.checkTable(shoff, count, entrySize, layout.sectionHeaderSize, 'section header table');
    const raw = Array.from({ length: count }, (_, index) => this.rawSectionHeader(shoff, index, entrySize, layout));
    const names = raw[shstrndx];
    if (shstrndx !== 0 && !names) throw malformed(`section name table index ${shstrndx} out of range (${count} sections)`);
    const table = names && names.type !== SHT_NOBITS ? this.slice(names.offset, names.size, 'section name table') : Buffer.alloc(0);
    return raw.map((header) => ({ ...header, name: cString(table, header.nameOffset) }));
  }

  private rawSectionHeader(shoff: bigint, index: number, entrySize: number, layout: Layout) {
    if (entrySize < layout.sectionHeaderSize) throw malformed(`section header entries of ${entrySize} bytes`);
    const at = shoff + BigInt(index) * BigInt(entrySize);
    if (at + BigInt(layout.sectionHeaderSize) > BigInt(this.#bytes.length)) throw malformed('section header table lies outside the file');
    const o = Number(at);
    const word = this.is64 ? 8 : 4;
    const read = (offset: number) => (this.is64 ? this.u64(o + offset) : BigInt(this.u32(o + offset)));
    return {
      nameOffset: this.u32(o),
      type: this.u32(o + 4),
      flags: read(8),
      address: read(8 + word),
      offset: read(8 + 2 * word),
      size: read(8 + 3 * word),
      link: this.u32(8 + 4 * word + o),
      info: this.u32(12 + 4 * word + o),
    };
  }

  private checkTable(offset: bigint, count: number, entrySize: number, minimum: number, what: string): void {
    if (entrySize < minimum) throw malformed(`${what} entries of ${entrySize} bytes (at least ${minimum} expected)`);
    if (offset + BigInt(count) * BigInt(entrySize) > BigInt(this.#bytes.length)) {
      throw malformed(`${what} (${count} entries at offset ${offset}) lies outside the file of ${this.#bytes.length} bytes`);
    }
  }

  private slice(offset: bigint, size: bigint, what: string): Buffer {
    if (offset + size > BigInt(this.#bytes.length)) {
      throw malformed(`${what} (${size} bytes at offset ${offset}) lies outside the file of ${this.#bytes.length} bytes`);
    }
    return this.#bytes.subarray(Number(offset), Number(offset + size));
  }

  private toIndex(value: bigint, what: string): number {
    if (value > 0xffffffn) throw malformed(`${what} ${value} is implausible`);
    return Number(value);
  }

  private u16(at: number): number {
    return this.littleEndian ? this.#bytes.readUInt16LE(at) : this.#bytes.readUInt16BE(at);
  }

  private u32(at: number): number {
    return this.littleEndian ? this.#bytes.readUInt32LE(at) : this.#bytes.readUInt32BE(at);
  }

  private u64(at: number): bigint {
    return this.littleEndian ? this.#bytes.readBigUInt64LE(at) : this.#bytes.readBigUInt64BE(at);
  }

  private addr(at: number): bigint {
    return this.is64 ? this.u64(at) : BigInt(this.u32(at));
  }
}

/** The NUL-terminated string at `offset` of a string table; '' when out of range. */
function cString(table: Buffer, offset: number): string {
  if (offset >= table.length) return '';
  const end = table.indexOf(0, offset);
  return table.toString('latin1', offset, end < 0 ? table.length : end);
}
