/**
 * Header blobs from a Berkeley DB hash database, rpm's `Packages` up to rpm 4.15
 * (RHEL/CentOS ≤ 8, Amazon Linux 2, SLES ≤ 15.2). Layout from libdb
 * src/dbinc/db_page.h, read the way go-rpmdb's pkg/bdb does it:
 *
 * - page 0 is the hash metadata page: magic 0x061561 at byte 12 (its byte order
 *   is the database's byte order), page size at 20, page type 8 at 25, last page
 *   number at 32;
 * - every page starts with a 26-byte header: entry count (u16) at 20, `hf_offset`
 *   (u16) at 22, page type at 25;
 * - hash pages (type 13, or 2 in old databases) hold an array of u16 item offsets
 *   after the header, items in key/value pairs; rpm's values are headers, stored
 *   off-page (item type 3 H_OFFPAGE: page number at +4, total length at +8) in a
 *   chain of overflow pages (type 7) each carrying `hf_offset` bytes after its
 *   header, or inline (type 1 H_KEYDATA) when small.
 *
 * Every page number and length is checked against the file, and each overflow
 * page may serve one value only: a crafted cycle cannot hang the scan, and shared
 * chains cannot multiply memory.
 */
import { CatalogError } from '../catalog-error.js';
import { CheckedBytes, corrupt, type ByteOrder } from './checked-bytes.js';

export const BDB_HASH_MAGIC = 0x061561;
const VALID_PAGE_SIZES = new Set([512, 1024, 2048, 4096, 8192, 16384, 32768, 65536]);
const PAGE_HEADER = 26;
const PAGE_HASH_METADATA = 8;
const PAGE_HASH_UNSORTED = 2;
const PAGE_HASH = 13;
const PAGE_OVERFLOW = 7;
const ITEM_KEYDATA = 1;
const ITEM_OFFPAGE = 3;
/** A header is at least its 8-byte preamble and one index entry; anything shorter (rpm's instance counter) is not one. */
const MIN_HEADER_BYTES = 24;

export interface RpmdbBlobs {
  blobs: Buffer[];
  warnings: string[];
}

interface Geometry {
  file: CheckedBytes;
  order: ByteOrder;
  pageSize: number;
  pageCount: number;
  /** Overflow pages already used by a value: in a sound database each belongs to exactly one. */
  claimed: Set<number>;
}

export function readBdbBlobs(buffer: Buffer): RpmdbBlobs {
  const warnings: string[] = [];
  const geometry = readMetadata(new CheckedBytes(buffer), warnings);
  const blobs: Buffer[] = [];
  for (let pageNo = 1; pageNo < geometry.pageCount; pageNo++) {
    const page = geometry.file.slice(pageNo * geometry.pageSize, geometry.pageSize, `page ${pageNo}`);
    const type = page.u8(25, 'page type');
    if (type !== PAGE_HASH && type !== PAGE_HASH_UNSORTED) continue;
    try {
      blobs.push(...hashPageValues(geometry, page, pageNo, warnings));
    } catch (error) {
      if (!(error instanceof CatalogError)) throw error;
      warnings.push(`hash page ${pageNo} skipped: ${error.message}`);
    }
  }
  return { blobs, warnings };
}

function readMetadata(file: CheckedBytes, warnings: string[]): Geometry {
  const order: ByteOrder | undefined = file.u32(12, 'le', 'magic') === BDB_HASH_MAGIC ? 'le' : file.u32(12, 'be', 'magic') === BDB_HASH_MAGIC ? 'be' : undefined;
  if (order === undefined) throw corrupt('not a Berkeley DB hash database (magic 0x061561 missing)');
  const pageSize = file.u32(20, order, 'page size');
  if (!VALID_PAGE_SIZES.has(pageSize)) throw corrupt(`unexpected Berkeley DB page size ${pageSize}`);
  if (file.u8(24, 'encryption algorithm') !== 0) throw new CatalogError('UNSUPPORTED_FORMAT', 'encrypted Berkeley DB databases are not supported');
  if (file.u8(25, 'metadata page type') !== PAGE_HASH_METADATA) throw corrupt('page 0 is not a hash metadata page');
  const declaredPages = file.u32(32, order, 'last page number') + 1;
  const presentPages = Math.floor(file.length / pageSize);
  if (declaredPages > presentPages) warnings.push(`database truncated: ${declaredPages} pages declared, ${presentPages} present`);
  return { file, order, pageSize, pageCount: Math.min(declaredPages, presentPages), claimed: new Set() };
}

function hashPageValues(geometry: Geometry, page: CheckedBytes, pageNo: number, warnings: string[]): Buffer[] {
  const entries = page.u16(20, geometry.order, 'entry count');
  if (entries % 2 !== 0) throw corrupt(`odd entry count ${entries} (entries come in key/value pairs)`);
  // Checked up front, so a damaged count costs one comparison, not thousands of failing reads on every page.
  if (PAGE_HEADER + 2 * entries > page.length) throw corrupt(`${entries} item offsets do not fit in a ${page.length}-byte page`);
  const offsets = Array.from({ length: entries }, (_, i) => page.u16(PAGE_HEADER + 2 * i, geometry.order, 'item offset'));
  const values: Buffer[] = [];
  for (let i = 1; i < entries; i += 2) {
    const at = offsets[i] ?? 0;
    const itemType = page.u8(at, 'item type');
    if (itemType === ITEM_OFFPAGE) {
      const value = overflowValue(geometry, page.u32(at + 4, geometry.order, 'overflow page'), page.u32(at + 8, geometry.order, 'overflow length'));
      if (typeof value === 'string') warnings.push(`value ${i} on page ${pageNo} skipped: ${value}`);
      else values.push(value);
    } else if (itemType === ITEM_KEYDATA) {
      // Items fill the page from its end down, in index order: this value ends where the key before it starts.
      const end = offsets[i - 1] ?? 0;
      if (end <= at || end > page.length) throw corrupt(`inline value ${i} has bounds ${at}..${end}`);
      if (end - at - 1 >= MIN_HEADER_BYTES) values.push(Buffer.from(page.slice(at + 1, end - at - 1, 'inline value').bytes));
    }
  }
  return values;
}

/** The concatenated overflow chain, or why it cannot be trusted. */
function overflowValue(geometry: Geometry, firstPage: number, length: number): Buffer | string {
  if (length > geometry.file.length) return `declares ${length} bytes, more than the whole ${geometry.file.length}-byte file`;
  // Views into the file, joined once at the end: memory follows what the chain really holds, not the declared length.
  const chunks: Buffer[] = [];
  let filled = 0;
  for (let pageNo = firstPage; pageNo !== 0 && filled < length; ) {
    if (pageNo >= geometry.pageCount) return `overflow page ${pageNo} is beyond the ${geometry.pageCount} pages present`;
    // Also cuts cycles: a page revisited within the chain was claimed on the first visit.
    if (geometry.claimed.has(pageNo)) return `overflow page ${pageNo} is used twice`;
    geometry.claimed.add(pageNo);
    const page = geometry.file.slice(pageNo * geometry.pageSize, geometry.pageSize, `overflow page ${pageNo}`);
    if (page.u8(25, 'page type') !== PAGE_OVERFLOW) return `page ${pageNo} in an overflow chain is not an overflow page`;
    const onPage = Math.min(page.u16(22, geometry.order, 'overflow bytes'), geometry.pageSize - PAGE_HEADER, length - filled);
    chunks.push(page.bytes.subarray(PAGE_HEADER, PAGE_HEADER + onPage));
    filled += onPage;
    pageNo = page.u32(16, geometry.order, 'next page');
  }
  return filled === length ? Buffer.concat(chunks, length) : `overflow chain holds ${filled} of ${length} bytes`;
}
