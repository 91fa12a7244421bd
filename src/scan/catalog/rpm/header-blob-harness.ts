/**
 * Builds rpm header blobs for tests (the layout lib/header.c headerExport
 * writes), so malformed-input tests can change one field at a time.
 * Test-only: excluded from the build.
 */
import { RpmType } from './rpm-tags.js';

export type TestEntry =
  | { tag: number; type: typeof RpmType.STRING | typeof RpmType.I18NSTRING; value: string }
  | { tag: number; type: typeof RpmType.STRING_ARRAY; value: string[] }
  | { tag: number; type: typeof RpmType.INT32 | typeof RpmType.INT16; value: number[] };

export function buildHeaderBlob(entries: readonly TestEntry[]): Buffer {
  const index = Buffer.alloc(entries.length * 16);
  const chunks: Buffer[] = [];
  let size = 0;
  entries.forEach((entry, i) => {
    const width = entry.type === RpmType.INT32 ? 4 : entry.type === RpmType.INT16 ? 2 : 1;
    const padding = (width - (size % width)) % width;
    if (padding > 0) chunks.push(Buffer.alloc(padding));
    size += padding;
    const data = encode(entry);
    index.writeUInt32BE(entry.tag, i * 16);
    index.writeUInt32BE(entry.type, i * 16 + 4);
    index.writeInt32BE(size, i * 16 + 8);
    index.writeUInt32BE(Array.isArray(entry.value) ? entry.value.length : 1, i * 16 + 12);
    chunks.push(data);
    size += data.length;
  });
  const preamble = Buffer.alloc(8);
  preamble.writeUInt32BE(entries.length, 0);
  preamble.writeUInt32BE(size, 4);
  return Buffer.concat([preamble, index, ...chunks]);
}

function encode(entry: TestEntry): Buffer {
  switch (entry.type) {
    case RpmType.STRING:
    case RpmType.I18NSTRING:
      return Buffer.from(`${entry.value}\0`);
    case RpmType.STRING_ARRAY:
      return Buffer.from(entry.value.map((s) => `${s}\0`).join(''));
    case RpmType.INT32: {
      const data = Buffer.alloc(entry.value.length * 4);
      entry.value.forEach((v, i) => data.writeInt32BE(v, i * 4));
      return data;
    }
    case RpmType.INT16: {
      const data = Buffer.alloc(entry.value.length * 2);
      entry.value.forEach((v, i) => data.writeUInt16BE(v, i * 2));
      return data;
    }
  }
}

/** Overwrites the big-endian u32 at `offset` of a copy of `blob`. */
export function withU32(blob: Buffer, offset: number, value: number): Buffer {
  const copy = Buffer.from(blob);
  copy.writeUInt32BE(value >>> 0, offset);
  return copy;
}
