/**
 * Bounds-checked reads over an untrusted buffer. Every offset and length the rpm
 * database readers take from the file goes through here, so a corrupt or
 * hostile database ends in a CatalogError MALFORMED naming what was out of
 * range — never a RangeError, an out-of-bounds `undefined`, or an allocation
 * sized by a number read from the file.
 */
import { CatalogError } from '../catalog-error.js';

export type ByteOrder = 'le' | 'be';

export class CheckedBytes {
  constructor(
    readonly bytes: Buffer,
    /** Where `bytes` starts in the file, for messages only. */
    readonly base = 0,
  ) {}

  get length(): number {
    return this.bytes.length;
  }

  has(offset: number, length: number): boolean {
    return Number.isSafeInteger(offset) && Number.isSafeInteger(length) && offset >= 0 && length >= 0 && offset + length <= this.bytes.length;
  }

  u8(offset: number, what: string): number {
    this.need(offset, 1, what);
    return this.bytes.readUInt8(offset);
  }

  u16(offset: number, order: ByteOrder, what: string): number {
    this.need(offset, 2, what);
    return order === 'le' ? this.bytes.readUInt16LE(offset) : this.bytes.readUInt16BE(offset);
  }

  u32(offset: number, order: ByteOrder, what: string): number {
    this.need(offset, 4, what);
    return order === 'le' ? this.bytes.readUInt32LE(offset) : this.bytes.readUInt32BE(offset);
  }

  i32(offset: number, order: ByteOrder, what: string): number {
    this.need(offset, 4, what);
    return order === 'le' ? this.bytes.readInt32LE(offset) : this.bytes.readInt32BE(offset);
  }

  /** A view (no copy) of `length` bytes at `offset`. */
  slice(offset: number, length: number, what: string): CheckedBytes {
    this.need(offset, length, what);
    return new CheckedBytes(this.bytes.subarray(offset, offset + length), this.base + offset);
  }

  /** Offset of the first NUL at or after `offset` and before `end`, or -1. */
  nul(offset: number, end: number): number {
    const found = this.bytes.indexOf(0, offset);
    return found === -1 || found >= end ? -1 : found;
  }

  private need(offset: number, length: number, what: string): void {
    if (!this.has(offset, length)) throw corrupt(`${what}: ${length} bytes at offset ${this.base + offset} are outside the ${this.bytes.length}-byte region at ${this.base}`);
  }
}

/** The error every rpm database reader raises for a structure it cannot trust. */
export function corrupt(message: string): CatalogError {
  return new CatalogError('MALFORMED', message);
}
