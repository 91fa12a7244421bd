/**
 * Build info of binaries from Go 1.13–1.17: the header holds the virtual
 * addresses of two Go string headers ({data pointer, length}) — the toolchain
 * version (runtime.buildVersion) and the module info (runtime.modinfo). Reading
 * them means translating addresses through the ELF program headers, as Go's
 * debug/buildinfo readString does; any address the file does not map, or a length
 * above the caps, yields undefined instead of a read outside the file.
 */
import type { ElfFile } from '../elf/index.js';
import { isGoVersion, type BuildInfoLimits, type BuildInfoScan } from './build-info-scanner.js';

type PointerScan = Extract<BuildInfoScan, { kind: 'pointers' }>;

export interface RawBuildInfo {
  goVersion: string;
  /** Module info with its sentinel framing, as in the binary. */
  modinfo: Buffer;
}

export function readPointerBuildInfo(elf: ElfFile, scan: PointerScan, limits: BuildInfoLimits): RawBuildInfo | undefined {
  const version = readGoString(elf, scan, scan.versionAddress, limits.maxVersionBytes);
  const goVersion = version?.toString('latin1') ?? '';
  if (!isGoVersion(goVersion)) return undefined;
  const modinfo = readGoString(elf, scan, scan.modinfoAddress, limits.maxModinfoBytes) ?? Buffer.alloc(0);
  return { goVersion, modinfo };
}

function readGoString(elf: ElfFile, scan: PointerScan, address: bigint, maxBytes: number): Buffer | undefined {
  const size = scan.pointerSize;
  const header = elf.readVirtual(address, 2 * size);
  if (!header || header.length < 2 * size) return undefined;
  const data = readPointer(header, 0, scan);
  const length = readPointer(header, size, scan);
  if (length > BigInt(maxBytes)) return undefined;
  if (length === 0n) return Buffer.alloc(0);
  const bytes = elf.readVirtual(data, Number(length));
  return bytes && bytes.length === Number(length) ? bytes : undefined;
}

function readPointer(bytes: Buffer, at: number, scan: PointerScan): bigint {
  if (scan.pointerSize === 8) return scan.littleEndian ? bytes.readBigUInt64LE(at) : bytes.readBigUInt64BE(at);
  return BigInt(scan.littleEndian ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at));
}
