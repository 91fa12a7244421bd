/**
 * Turns a layer entry into the CatalogFiles catalogers read: straight from the
 * archive for a single reader, buffered once (or spilled to a temporary file
 * when large) when several catalogers want the same file.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createWriteStream } from 'node:fs';
import { CatalogError } from '../catalog/catalog-error.js';
import type { CatalogFile } from '../catalog/cataloger.js';
import type { LayerEntry } from './layer-entry.js';

export interface SharedFiles {
  files: CatalogFile[];
  /** Releases whatever the files hold (open streams, temporary files). */
  release(): Promise<void>;
}

export async function catalogFilesFor(entry: LayerEntry, readers: number, maxFileBytes: number): Promise<SharedFiles> {
  if (readers === 1) return singleReader(entry, maxFileBytes);
  if (entry.size <= maxFileBytes) {
    const content = await readAll(entry.content(), entry.size);
    const file = bufferFile(entry, content);
    return { files: Array.from({ length: readers }, () => file), release: async () => undefined };
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'airlock-scan-'));
  const spilled = path.join(dir, 'file');
  await pipeline(entry.content(), createWriteStream(spilled));
  const file: CatalogFile = {
    ...header(entry),
    read: async () => tooLarge(entry, maxFileBytes),
    stream: () => createReadStream(spilled, { highWaterMark: 1024 * 1024 }),
  };
  return { files: Array.from({ length: readers }, () => file), release: () => rm(dir, { recursive: true, force: true }) };
}

function singleReader(entry: LayerEntry, maxFileBytes: number): SharedFiles {
  let opened: Readable | undefined;
  const open = () => {
    if (opened) throw new CatalogError('UNSUPPORTED_FORMAT', `${entry.path} was already read once`);
    opened = entry.content();
    return opened;
  };
  const file: CatalogFile = {
    ...header(entry),
    read: async () => (entry.size > maxFileBytes ? tooLarge(entry, maxFileBytes) : readAll(open(), entry.size)),
    stream: open,
  };
  return { files: [file], release: async () => void opened?.destroy() };
}

function bufferFile(entry: LayerEntry, content: Buffer): CatalogFile {
  return { ...header(entry), read: async () => content, stream: () => Readable.from([content]) };
}

function header(entry: LayerEntry) {
  return { path: entry.path, size: entry.size, mode: entry.mode };
}

/** Reads `expected` bytes into one buffer allocated up front, so a file never sits in memory twice. */
async function readAll(stream: Readable, expected: number): Promise<Buffer> {
  const content = Buffer.allocUnsafe(expected);
  let filled = 0;
  for await (const chunk of stream) {
    filled += (chunk as Buffer).copy(content, filled);
    if (filled >= expected) break;
  }
  stream.destroy();
  return filled === expected ? content : content.subarray(0, filled);
}

function tooLarge(entry: LayerEntry, maxFileBytes: number): never {
  throw new CatalogError('FILE_TOO_LARGE', `${entry.path} is ${entry.size} bytes, over the ${maxFileBytes}-byte limit for files read whole`);
}
