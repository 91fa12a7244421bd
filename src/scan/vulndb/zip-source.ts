/**
 * A zip of OSV JSON files (osv.dev's `<ecosystem>/all.zip`), read entry by entry
 * with yauzl: the central directory is walked lazily and each record is read
 * and inflated only when its turn comes, so memory holds one record at a time.
 */
import { closeSync, fstatSync, openSync } from 'node:fs';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import yauzl from 'yauzl';
import { isJsonEntry, MAX_ENTRY_BYTES, type OpenedSource, type SourceEntry } from './source-entry.js';
import { SyncFileReader } from './sync-file-reader.js';
import { VulnDbError } from './vulndb-error.js';

export interface ZipSourceOptions {
  /** What to report as the source (the URL it was downloaded from); defaults to the file. */
  location?: string;
  kind?: 'zip' | 'url';
  etag?: string;
  /** Runs after the zip is closed (deletes a downloaded file). */
  onClose?: () => Promise<void>;
}

const STORED = 0;
const DEFLATED = 8;

export async function openZipSource(file: string, options: ZipSourceOptions = {}): Promise<OpenedSource> {
  const location = options.location ?? file;
  let zip: yauzl.ZipFile;
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    zip = await yauzl.fromRandomAccessReaderPromise(new SyncFileReader(fd), fstatSync(fd).size, { lazyEntries: true, autoClose: false, strictFileNames: false });
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    await options.onClose?.();
    throw new VulnDbError('SOURCE_INVALID', `${location} is not a readable zip file: ${(error as Error).message}`, { cause: error });
  }
  let closed = false;
  return {
    location,
    kind: options.kind ?? 'zip',
    total: zip.entryCount,
    notModified: false,
    etag: options.etag,
    entries: () => readEntries(zip, location),
    close: async () => {
      if (closed) return;
      closed = true;
      zip.close();
      await options.onClose?.();
    },
  };
}

async function* readEntries(zip: yauzl.ZipFile, location: string): AsyncGenerator<SourceEntry> {
  for (;;) {
    const entry = await nextEntry(zip, location);
    if (!entry) return;
    if (entry.fileName.endsWith('/') || !isJsonEntry(entry.fileName)) continue;
    if (entry.uncompressedSize > MAX_ENTRY_BYTES) {
      yield { name: entry.fileName, problem: `larger than ${MAX_ENTRY_BYTES} bytes (${entry.uncompressedSize})` };
      continue;
    }
    if (entry.compressionMethod !== STORED && entry.compressionMethod !== DEFLATED) {
      yield { name: entry.fileName, problem: `compression method ${entry.compressionMethod} is not supported (only stored and deflate)` };
      continue;
    }
    yield { name: entry.fileName, content: await readEntry(zip, entry, location) };
  }
}

/**
 * Reads the compressed bytes and inflates them in one call: records are small,
 * and a synchronous inflate avoids a zlib stream (and a thread-pool trip) per record.
 */
async function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, location: string): Promise<Buffer> {
  try {
    const compressed = await collect(await zip.openReadStreamPromise(entry, { decompress: false }));
    const content = entry.compressionMethod === DEFLATED ? zlib.inflateRawSync(compressed) : compressed;
    if (content.length !== entry.uncompressedSize) throw new Error(`expected ${entry.uncompressedSize} bytes, got ${content.length}`);
    // zlib.crc32 exists from Node 20.15; yauzl itself does not check CRCs.
    if (typeof zlib.crc32 === 'function' && zlib.crc32(content) >>> 0 !== entry.crc32 >>> 0) throw new Error('CRC-32 mismatch');
    return content;
  } catch (error) {
    // A bad CRC or deflate stream means the archive itself is damaged: stop rather than import half of it silently.
    throw new VulnDbError('SOURCE_INVALID', `${location} is corrupt at ${entry.fileName}: ${(error as Error).message}`, { cause: error });
  }
}

function nextEntry(zip: yauzl.ZipFile, location: string): Promise<yauzl.Entry | undefined> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
    };
    const onEntry = (entry: yauzl.Entry) => {
      cleanup();
      resolve(entry);
    };
    const onEnd = () => {
      cleanup();
      resolve(undefined);
    };
    const onError = (error: Error) => {
      cleanup();
      reject(new VulnDbError('SOURCE_INVALID', `${location} is corrupt: ${error.message}`, { cause: error }));
    };
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
}
