/**
 * Finds Go build info in a binary read as a stream, so memory does not grow with
 * the binary's size (a Go binary is tens of MiB; its build info a few KiB).
 *
 * Layout (Go's src/debug/buildinfo/buildinfo.go, cmd/link's `.go.buildinfo`): a
 * 32-byte header at a 16-byte-aligned address — the 14-byte magic
 * `\xff Go buildinf:`, the pointer size, a flags byte — then, since Go 1.18
 * (flags & 2), the Go version and the module info as uvarint-prefixed strings
 * right after the header. Older binaries (flags & 2 clear) hold two pointers to
 * Go string headers instead; resolving them needs random access, so the scan
 * only reports them (see pointer-build-info.ts), and only when no Go ≥ 1.18
 * header follows.
 *
 * The scan keeps a carry-over window: at most 13 bytes while searching (so a
 * magic split across chunks is found), and the candidate's bytes while its
 * strings arrive, bounded by the version and module-info caps. Alignment is
 * checked on the file offset: the linker aligns the section's address, and the
 * ELF loader requires offsets congruent with addresses modulo the page size.
 */
import type { Readable } from 'node:stream';
import { hasElfMagic } from '../elf/index.js';

export const BUILD_INFO_MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');
const HEADER_SIZE = 32;
const ALIGN = 16;
const MAX_VARINT_BYTES = 10;

export interface BuildInfoLimits {
  /** Longest Go version string accepted (`go1.22.1 X:boringcrypto` is ~30 bytes). */
  maxVersionBytes: number;
  /** Largest module info read; bigger ones are reported without their modules. */
  maxModinfoBytes: number;
}

export const DEFAULT_BUILD_INFO_LIMITS: BuildInfoLimits = Object.freeze({ maxVersionBytes: 1024, maxModinfoBytes: 4 * 1024 * 1024 });

export type BuildInfoScan =
  | { kind: 'not-elf' }
  | { kind: 'absent' }
  /** The file ends inside a build-info candidate. */
  | { kind: 'truncated'; offset: number }
  /** Go ≥ 1.18. `modinfo` is undefined when it is larger than the cap (`modinfoSize` says how large). */
  | { kind: 'inline'; offset: number; goVersion: string; modinfo?: Buffer; modinfoSize: number }
  /** Go < 1.18: virtual addresses of the two Go string headers. */
  | { kind: 'pointers'; offset: number; pointerSize: 4 | 8; littleEndian: boolean; versionAddress: bigint; modinfoAddress: bigint };

/** `atLeast`: how many bytes from the candidate's start decoding needs before it can go on. */
type Decoded = { status: 'need-more'; atLeast: number } | { status: 'invalid' } | { status: 'done'; scan: BuildInfoScan };
const needMore = (atLeast: number): Decoded => ({ status: 'need-more', atLeast });
const INVALID: Decoded = { status: 'invalid' };

/** A Go version as the toolchain writes it: `go1.19.8`, `go1.22-20231128-RC02 X:boringcrypto`, `devel go1.23-abc…`. */
const GO_VERSION = /^(?:go|devel )[\x20-\x7e]*$/;

export function isGoVersion(text: string): boolean {
  return GO_VERSION.test(text);
}

/** Push-driven and synchronous, so it can be fed any chunking (and tested with all of them). */
export class BuildInfoScanner {
  readonly #limits: BuildInfoLimits;
  #window: Buffer = Buffer.alloc(0);
  /** File offset of `#window[0]`. */
  #windowStart = 0;
  #searchFrom = 0;
  /** Chunks that arrived while a candidate waits for `#needed` bytes; joined once there are enough (linear, not quadratic). */
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #needed = 0;
  #isElf = false;
  /** A pre-1.18 header is only taken when no Go ≥ 1.18 one follows: a stray magic (a string literal) could look like one. */
  #pointerCandidate: BuildInfoScan | undefined;

  constructor(limits: BuildInfoLimits = DEFAULT_BUILD_INFO_LIMITS) {
    this.#limits = limits;
  }

  /** Bytes held between chunks: the carry-over window (observable, so tests can check it stays small). */
  get bufferedBytes(): number {
    return this.#window.length + this.#pendingBytes;
  }

  /** Feeds the next chunk; returns the result as soon as it is known. */
  push(chunk: Buffer): BuildInfoScan | undefined {
    if (this.#window.length + this.#pendingBytes + chunk.length < this.#needed) {
      this.#pending.push(chunk);
      this.#pendingBytes += chunk.length;
      return undefined;
    }
    this.#window = this.#window.length === 0 && this.#pending.length === 0 ? chunk : Buffer.concat([this.#window, ...this.#pending, chunk]);
    this.#pending = [];
    this.#pendingBytes = 0;
    if (!this.#isElf) {
      if (this.#window.length < 4) return undefined;
      if (!hasElfMagic(this.#window)) return { kind: 'not-elf' };
      this.#isElf = true;
    }
    return this.#search(false);
  }

  /** The stream ended: the final result. */
  end(): BuildInfoScan {
    if (this.#pending.length > 0) this.#window = Buffer.concat([this.#window, ...this.#pending]);
    this.#pending = [];
    this.#pendingBytes = 0;
    if (!this.#isElf) return { kind: 'not-elf' };
    return this.#search(true) ?? this.#pointerCandidate ?? { kind: 'absent' };
  }

  #search(final: boolean): BuildInfoScan | undefined {
    this.#needed = 0;
    for (;;) {
      const index = this.#window.indexOf(BUILD_INFO_MAGIC, this.#searchFrom);
      if (index < 0) {
        this.#keepTail();
        return undefined;
      }
      const offset = this.#windowStart + index;
      if (offset % ALIGN === 0) {
        const decoded = decodeCandidate(this.#window.subarray(index), offset, this.#limits);
        if (decoded.status === 'done' && decoded.scan.kind !== 'pointers') return decoded.scan;
        if (decoded.status === 'done') this.#pointerCandidate ??= decoded.scan;
        if (decoded.status === 'need-more') {
          if (final) return { kind: 'truncated', offset };
          this.#dropBefore(index);
          this.#needed = decoded.atLeast;
          return undefined;
        }
      }
      this.#searchFrom = index + 1;
    }
  }

  /** Nothing found: keep only what could be the start of a magic split across chunks (copied, so the chunk can be freed). */
  #keepTail(): void {
    const keep = Math.min(this.#window.length, BUILD_INFO_MAGIC.length - 1);
    const drop = this.#window.length - keep;
    this.#window = Buffer.from(this.#window.subarray(drop));
    this.#windowStart += drop;
    this.#searchFrom = 0;
  }

  /** A candidate waits for more bytes: keep it, drop what lies before it. */
  #dropBefore(index: number): void {
    this.#window = this.#window.subarray(index);
    this.#windowStart += index;
    this.#searchFrom = 0;
  }
}

/** Scans `stream` to the build info (or its end) and then stops reading it. */
export async function scanBuildInfo(stream: Readable, limits: BuildInfoLimits = DEFAULT_BUILD_INFO_LIMITS): Promise<BuildInfoScan> {
  const scanner = new BuildInfoScanner(limits);
  try {
    for await (const chunk of stream as AsyncIterable<unknown>) {
      const result = scanner.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk), 'latin1'));
      if (result) return result;
    }
    return scanner.end();
  } finally {
    stream.destroy();
  }
}

/** Decodes the header at `bytes[0]` (a 16-byte-aligned magic). */
function decodeCandidate(bytes: Buffer, offset: number, limits: BuildInfoLimits): Decoded {
  if (bytes.length < HEADER_SIZE) return needMore(HEADER_SIZE);
  const pointerSize = bytes[14];
  const flags = bytes[15] ?? 0;
  if (pointerSize !== 4 && pointerSize !== 8) return INVALID;
  if ((flags & 2) === 0) {
    if (flags > 1) return INVALID;
    const littleEndian = flags === 0;
    const read = (at: number) => readPointer(bytes, at, pointerSize, littleEndian);
    return { status: 'done', scan: { kind: 'pointers', offset, pointerSize, littleEndian, versionAddress: read(16), modinfoAddress: read(16 + pointerSize) } };
  }
  const version = readVarint(bytes, HEADER_SIZE);
  if (version === 'need-more') return needMore(bytes.length + 1);
  if (version === 'invalid' || version.value === 0 || version.value > limits.maxVersionBytes) return INVALID;
  const versionEnd = version.next + version.value;
  if (bytes.length < versionEnd) return needMore(versionEnd);
  const goVersion = bytes.toString('latin1', version.next, versionEnd);
  if (!GO_VERSION.test(goVersion)) return INVALID;
  const modinfo = readVarint(bytes, versionEnd);
  if (modinfo === 'need-more') return needMore(bytes.length + 1);
  if (modinfo === 'invalid') return INVALID;
  const scan = { kind: 'inline' as const, offset, goVersion, modinfoSize: modinfo.value };
  if (modinfo.value > limits.maxModinfoBytes) return { status: 'done', scan };
  const modinfoEnd = modinfo.next + modinfo.value;
  if (bytes.length < modinfoEnd) return needMore(modinfoEnd);
  return { status: 'done', scan: { ...scan, modinfo: Buffer.from(bytes.subarray(modinfo.next, modinfoEnd)) } };
}

/** Go's encoding/binary.Uvarint; the value as a Number (precision beyond the caps does not matter). */
function readVarint(bytes: Buffer, at: number): { value: number; next: number } | 'need-more' | 'invalid' {
  let value = 0;
  for (let index = 0; index < MAX_VARINT_BYTES; index++) {
    const byte = bytes[at + index];
    if (byte === undefined) return 'need-more';
    value += (byte & 0x7f) * 2 ** (7 * index);
    if (byte < 0x80) return { value, next: at + index + 1 };
  }
  return 'invalid';
}

function readPointer(bytes: Buffer, at: number, size: 4 | 8, littleEndian: boolean): bigint {
  if (size === 8) return littleEndian ? bytes.readBigUInt64LE(at) : bytes.readBigUInt64BE(at);
  return BigInt(littleEndian ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at));
}
