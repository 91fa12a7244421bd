/**
 * The rpm header blob, as every rpmdb backend stores it (rpm lib/header.c,
 * headerExport / hdrblobInit; go-rpmdb pkg/entry.go):
 *
 *   int32 il            number of index entries      (big-endian, like all of it)
 *   int32 dl            bytes in the data store
 *   il × { int32 tag, uint32 type, int32 offset, uint32 count }
 *   dl bytes            the data store; `offset` is relative to its start
 *
 * The first entry may be a region tag (61–63) whose data is a trailer; entries
 * after the region ("dribbles") replace region entries with the same tag, so the
 * last entry for a tag wins. Values are decoded lazily and each decode checks its
 * own bounds, alignment and type, so a damaged entry costs one field, not the
 * process.
 */
import { CheckedBytes, corrupt } from './checked-bytes.js';
import { RpmTag, RpmType, TYPE_SIZE } from './rpm-tags.js';

/** rpm's hdrchkTags / hdrchkData limits: at most 0xffff entries and under 16 MiB of data. */
const MAX_ENTRIES = 0xffff;
const MAX_DATA_BYTES = 0x00ffffff;
const ENTRY_SIZE = 16;

interface IndexEntry {
  tag: number;
  type: number;
  offset: number;
  count: number;
}

export class HeaderBlob {
  private constructor(
    private readonly data: CheckedBytes,
    private readonly entries: ReadonlyMap<number, IndexEntry>,
  ) {}

  /** Parses the index; throws CatalogError MALFORMED when the blob's own framing is inconsistent. */
  static parse(blob: Buffer): HeaderBlob {
    const bytes = new CheckedBytes(blob);
    const il = bytes.u32(0, 'be', 'header index length');
    const dl = bytes.u32(4, 'be', 'header data length');
    if (il < 1 || il > MAX_ENTRIES) throw corrupt(`header declares ${il} index entries (1..${MAX_ENTRIES} allowed)`);
    if (dl > MAX_DATA_BYTES) throw corrupt(`header declares ${dl} data bytes (at most ${MAX_DATA_BYTES})`);
    const dataStart = 8 + il * ENTRY_SIZE;
    if (dataStart + dl > blob.length) throw corrupt(`header needs ${dataStart + dl} bytes but the blob has ${blob.length}`);
    const entries = new Map<number, IndexEntry>();
    for (let i = 0; i < il; i++) {
      const at = 8 + i * ENTRY_SIZE;
      const entry = {
        tag: bytes.u32(at, 'be', 'entry tag'),
        type: bytes.u32(at + 4, 'be', 'entry type'),
        offset: bytes.i32(at + 8, 'be', 'entry offset'),
        count: bytes.u32(at + 12, 'be', 'entry count'),
      };
      // Region markers and other internal tags carry no package data.
      if (entry.tag >= RpmTag.HEADERI18NTABLE) entries.set(entry.tag, entry);
    }
    return new HeaderBlob(bytes.slice(dataStart, dl, 'header data store'), entries);
  }

  has(tag: number): boolean {
    return this.entries.has(tag);
  }

  /** A STRING (or the first string of an I18NSTRING); undefined when the tag is absent. */
  string(tag: number): string | undefined {
    const entry = this.entries.get(tag);
    if (!entry) return undefined;
    if (entry.type !== RpmType.STRING && entry.type !== RpmType.I18NSTRING) throw badType(entry, 'a string');
    return this.strings(entry, entry.type === RpmType.STRING ? 1 : entry.count)[0];
  }

  stringArray(tag: number): string[] | undefined {
    const entry = this.entries.get(tag);
    if (!entry) return undefined;
    if (entry.type !== RpmType.STRING_ARRAY) throw badType(entry, 'a string array');
    return this.strings(entry, entry.count);
  }

  int32Array(tag: number): number[] | undefined {
    const entry = this.entries.get(tag);
    if (!entry) return undefined;
    if (entry.type !== RpmType.INT32) throw badType(entry, 'INT32');
    return this.fixed(entry, (at) => this.data.i32(at, 'be', tagName(entry)));
  }

  int16Array(tag: number): number[] | undefined {
    const entry = this.entries.get(tag);
    if (!entry) return undefined;
    if (entry.type !== RpmType.INT16) throw badType(entry, 'INT16');
    return this.fixed(entry, (at) => this.data.u16(at, 'be', tagName(entry)));
  }

  private fixed(entry: IndexEntry, read: (at: number) => number): number[] {
    const size = TYPE_SIZE[entry.type] ?? 0;
    if (entry.offset % size !== 0) throw corrupt(`${tagName(entry)}: offset ${entry.offset} is not aligned to ${size}`);
    // Checked before the loop, so a huge declared count fails here instead of allocating.
    if (!this.data.has(entry.offset, entry.count * size)) throw corrupt(`${tagName(entry)}: ${entry.count} values at offset ${entry.offset} overrun the ${this.data.length}-byte data store`);
    return Array.from({ length: entry.count }, (_, i) => read(entry.offset + i * size));
  }

  private strings(entry: IndexEntry, count: number): string[] {
    if (count < 1) throw corrupt(`${tagName(entry)}: no strings`);
    // Each string takes at least its NUL byte: a count beyond the remaining bytes is a lie.
    if (entry.offset < 0 || entry.offset >= this.data.length || count > this.data.length - entry.offset) {
      throw corrupt(`${tagName(entry)}: ${count} strings at offset ${entry.offset} overrun the ${this.data.length}-byte data store`);
    }
    const values: string[] = [];
    let at = entry.offset;
    for (let i = 0; i < count; i++) {
      const end = this.data.nul(at, this.data.length);
      if (end === -1) throw corrupt(`${tagName(entry)}: string ${i} is not NUL-terminated inside the data store`);
      values.push(this.data.bytes.toString('utf8', at, end));
      at = end + 1;
    }
    return values;
  }
}

function tagName(entry: IndexEntry): string {
  const name = Object.entries(RpmTag).find(([, value]) => value === entry.tag)?.[0];
  return `tag ${name ?? entry.tag}`;
}

function badType(entry: IndexEntry, expected: string): Error {
  return corrupt(`${tagName(entry)}: type ${entry.type} where ${expected} was expected`);
}
