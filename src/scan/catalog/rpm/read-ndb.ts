/**
 * Header blobs from rpm's NDB backend, `Packages.db` (SUSE since SLES 15 SP3 and
 * openSUSE; rpm lib/backend/ndb/rpmpkg.c, read as go-rpmdb's pkg/ndb does).
 * Everything is little-endian:
 *
 *   header (32 bytes)  "RpmP" magic, version 0, generation, slot page count, 4 reserved words
 *   slot pages         4096 bytes each, 16-byte slots: "Slot" magic, package index,
 *                      block offset, block count (the header takes the first two slots)
 *   blobs              at block offset × 16: "BlbS" magic, package index, checksum,
 *                      blob length, then the header blob itself
 *
 * A broken slot table makes the whole file MALFORMED; a broken blob costs one
 * package and a warning.
 */
import { CheckedBytes, corrupt } from './checked-bytes.js';
import type { RpmdbBlobs } from './read-bdb.js';

const fourCC = (text: string) => Buffer.from(text, 'latin1').readUInt32LE(0);
export const NDB_HEADER_MAGIC = fourCC('RpmP');
const SLOT_MAGIC = fourCC('Slot');
const BLOB_MAGIC = fourCC('BlbS');
const NDB_VERSION = 0;
const HEADER_SIZE = 32;
const SLOT_PAGE_SIZE = 4096;
const SLOT_SIZE = 16;
const BLOCK_SIZE = 16;
const BLOB_HEADER_SIZE = 16;

export function readNdbBlobs(buffer: Buffer): RpmdbBlobs {
  const file = new CheckedBytes(buffer);
  if (file.u32(0, 'le', 'magic') !== NDB_HEADER_MAGIC) throw corrupt('not an rpm NDB database (magic "RpmP" missing)');
  const version = file.u32(4, 'le', 'version');
  if (version !== NDB_VERSION) throw corrupt(`unsupported NDB version ${version}`);
  const slotPages = file.u32(12, 'le', 'slot page count');
  // Checked against the file before any slot is read: a huge count cannot drive the loop below.
  if (slotPages === 0 || !file.has(0, slotPages * SLOT_PAGE_SIZE)) throw corrupt(`NDB declares ${slotPages} slot pages, the file holds ${Math.floor(file.length / SLOT_PAGE_SIZE)}`);
  const blobs: Buffer[] = [];
  const warnings: string[] = [];
  for (let at = HEADER_SIZE; at < slotPages * SLOT_PAGE_SIZE; at += SLOT_SIZE) {
    if (file.u32(at, 'le', 'slot magic') !== SLOT_MAGIC) throw corrupt(`bad slot magic at offset ${at}`);
    const pkgIndex = file.u32(at + 4, 'le', 'slot package index');
    if (pkgIndex === 0) continue;
    const blob = readBlob(file, pkgIndex, file.u32(at + 8, 'le', 'slot block offset'), file.u32(at + 12, 'le', 'slot block count'));
    if (typeof blob === 'string') warnings.push(`package ${pkgIndex} skipped: ${blob}`);
    else blobs.push(blob);
  }
  return { blobs, warnings };
}

function readBlob(file: CheckedBytes, pkgIndex: number, blockOffset: number, blockCount: number): Buffer | string {
  const start = blockOffset * BLOCK_SIZE;
  if (!file.has(start, BLOB_HEADER_SIZE)) return `blob header at ${start} is outside the file`;
  if (file.u32(start, 'le', 'blob magic') !== BLOB_MAGIC) return `bad blob magic at ${start}`;
  if (file.u32(start + 4, 'le', 'blob package index') !== pkgIndex) return `the blob at ${start} belongs to another package`;
  const length = file.u32(start + 12, 'le', 'blob length');
  if (BLOB_HEADER_SIZE + length > blockCount * BLOCK_SIZE) return `blob length ${length} exceeds its ${blockCount} blocks`;
  if (!file.has(start + BLOB_HEADER_SIZE, length)) return `blob of ${length} bytes at ${start} runs past the end of the file`;
  return file.bytes.subarray(start + BLOB_HEADER_SIZE, start + BLOB_HEADER_SIZE + length);
}
