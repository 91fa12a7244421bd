/**
 * A zip archive in memory, read with yauzl (random access: the central directory
 * sits at the end). Every failure — a corrupt directory, a bad local header, an
 * entry larger than it declared — becomes a CatalogError MALFORMED, and entries
 * are inflated only up to a caller-given cap, so a zip bomb costs at most that.
 * Names are decoded here (CP437 or UTF-8 per the entry's flag, or the Info-ZIP
 * Unicode path field) without yauzl's path validation: a jar with an odd entry
 * name is still a jar.
 */
import yauzl from 'yauzl';
import type { Entry, ZipFile } from 'yauzl';
import { CatalogError } from '../catalog-error.js';

export interface ZipEntry {
  name: string;
  /** Declared uncompressed size (yauzl fails a read that produces more). */
  size: number;
  readable: boolean;
  entry: Entry;
}

export interface ZipListing {
  entries: ZipEntry[];
  /** More than `maxEntries` entries: the rest were not listed. */
  truncated: boolean;
  /** The central directory broke off after `entries`. */
  error?: CatalogError;
}

function malformed(message: string, cause: unknown): CatalogError {
  return new CatalogError('MALFORMED', `${message}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
}

export class ZipArchive {
  readonly #zip: ZipFile;

  private constructor(zip: ZipFile) {
    this.#zip = zip;
  }

  static async open(bytes: Buffer): Promise<ZipArchive> {
    try {
      return new ZipArchive(await yauzl.fromBufferPromise(bytes, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true }));
    } catch (error) {
      throw malformed('not a readable zip archive', error);
    }
  }

  async list(maxEntries: number): Promise<ZipListing> {
    const entries: ZipEntry[] = [];
    try {
      for await (const entry of this.#zip.eachEntry()) {
        if (entries.length >= maxEntries) return { entries, truncated: true };
        const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false);
        entries.push({ name, size: entry.uncompressedSize, readable: entry.canDecodeFileData(), entry });
      }
      return { entries, truncated: false };
    } catch (error) {
      return { entries, truncated: false, error: malformed('central directory unreadable', error) };
    }
  }

  /** The entry's content; refuses (MALFORMED) an entry that declares or produces more than `maxBytes`. */
  async read(entry: ZipEntry, maxBytes: number): Promise<Buffer> {
    if (entry.size > maxBytes) throw new CatalogError('MALFORMED', `${entry.name} declares ${entry.size} bytes, above the ${maxBytes}-byte limit`);
    const chunks: Buffer[] = [];
    let total = 0;
    try {
      const stream = await this.#zip.openReadStreamPromise(entry.entry);
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        total += chunk.length;
        if (total > maxBytes) throw new CatalogError('MALFORMED', `${entry.name} inflates beyond the ${maxBytes}-byte limit`);
        chunks.push(chunk);
      }
    } catch (error) {
      if (error instanceof CatalogError) throw error;
      throw malformed(`${entry.name} unreadable`, error);
    }
    return Buffer.concat(chunks, total);
  }

  close(): void {
    this.#zip.close();
  }
}
