/**
 * Finds the entries of a (Docker archive) tar file by reading its headers only,
 * so each layer inside can later be streamed straight from its offset. Knows
 * ustar names with prefixes, GNU long names and pax `path` records.
 */
import type { FileHandle } from 'node:fs/promises';

export interface TarIndexEntry {
  offset: number;
  size: number;
}

const BLOCK = 512;
const MAX_ENTRIES = 100_000;
const MAX_NAME_BYTES = 64 * 1024;

export async function indexTar(handle: FileHandle): Promise<Map<string, TarIndexEntry>> {
  const { size: fileSize } = await handle.stat();
  const entries = new Map<string, TarIndexEntry>();
  const header = Buffer.alloc(BLOCK);
  let offset = 0;
  let pendingName: string | undefined;
  while (offset + BLOCK <= fileSize && entries.size < MAX_ENTRIES) {
    await handle.read(header, 0, BLOCK, offset);
    if (header.every((byte) => byte === 0)) break;
    const size = readSize(header);
    const type = String.fromCharCode(header[156] ?? 0);
    const dataOffset = offset + BLOCK;
    if (size < 0 || dataOffset + size > fileSize) throw new Error(`tar entry at ${offset} runs past the end of the archive`);
    if (type === 'L' || type === 'x') {
      const data = Buffer.alloc(Math.min(size, MAX_NAME_BYTES));
      await handle.read(data, 0, data.length, dataOffset);
      pendingName = type === 'L' ? data.toString('utf8').replace(/\0.*$/s, '') : paxPath(data.toString('utf8')) ?? pendingName;
    } else {
      const name = pendingName ?? ustarName(header);
      pendingName = undefined;
      if (type === '0' || type === '\0' || type === '7') entries.set(name.replace(/^\.\//, ''), { offset: dataOffset, size });
    }
    offset = dataOffset + Math.ceil(size / BLOCK) * BLOCK;
  }
  return entries;
}

function ustarName(header: Buffer): string {
  const field = (start: number, length: number) => header.subarray(start, start + length).toString('utf8').replace(/\0.*$/s, '');
  const prefix = header.subarray(257, 262).toString('latin1') === 'ustar' ? field(345, 155) : '';
  return prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
}

/** Octal, or GNU base-256 (high bit set) for sizes over 8 GiB. */
function readSize(header: Buffer): number {
  if (((header[124] ?? 0) & 0x80) !== 0) return header.readUIntBE(130, 6);
  const text = header.subarray(124, 136).toString('latin1').replace(/[\0 ]+$/, '').trim();
  return text === '' ? 0 : Number.parseInt(text, 8);
}

function paxPath(records: string): string | undefined {
  for (const record of records.split('\n')) {
    const match = /^\d+ path=(.*)$/.exec(record);
    if (match) return match[1];
  }
  return undefined;
}
