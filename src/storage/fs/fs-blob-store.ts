/**
 * Filesystem BlobStore (the embedded default). Integrity rests on three rules:
 * bytes are hashed before they are published; a blob is published by fsync then
 * rename, so a reader or a crash never sees a partial blob; the upload file's
 * size is the resume offset, so an upload survives a restart.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, opendir, rename, rm, stat, unlink, writeFile, access, constants } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseDigest, type Digest } from '../../oci/index.js';
import type { BlobInfo, BlobStore, ByteRange, CommitOptions, UploadInfo } from '../blob-store.js';
import { StorageError } from '../errors.js';
import { HashingCounter } from './hashing-counter.js';
import { FsPaths } from './paths.js';

/**
 * Large reads: one thread-pool round trip per MiB instead of per 64 KiB (the
 * default) took blob GETs from ~0.57 to ~2.4 GB/s here; 4 MiB gained little more
 * and would cost 4 MiB of buffer per concurrent download.
 */
const READ_CHUNK_BYTES = 1024 * 1024;

export interface FsBlobStoreOptions {
  root: string;
}

/** Incremental sha256 of an upload, valid while `size` equals the file size. */
interface HashState {
  size: number;
  hash: Hash;
}

export class FsBlobStore implements BlobStore {
  readonly driver = 'filesystem';
  private readonly paths: FsPaths;
  private readonly hashes = new Map<string, HashState>();
  /** Uploads with a write or commit in progress in this process. */
  private readonly busy = new Set<string>();

  constructor(options: FsBlobStoreOptions) {
    this.paths = new FsPaths(path.resolve(options.root));
  }

  async init(): Promise<this> {
    await mkdir(this.paths.blobsDir, { recursive: true });
    await mkdir(this.paths.uploadsDir, { recursive: true });
    return this;
  }

  async stat(digest: Digest): Promise<BlobInfo | undefined> {
    const info = await statOrUndefined(this.paths.blob(digest));
    return info && { digest, size: info.size, modifiedAt: info.mtime };
  }

  async read(digest: Digest, range?: ByteRange): Promise<Readable> {
    const file = this.paths.blob(digest);
    const handle = await open(file, 'r').catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'ENOENT' ? new StorageError('BLOB_NOT_FOUND', `blob ${digest} is not stored`) : error;
    });
    try {
      const { size } = await handle.stat();
      if (range && (range.start < 0 || range.start > range.end || range.end >= size)) {
        throw new StorageError('RANGE_INVALID', `range ${range.start}-${range.end} is outside the blob (${size} bytes)`);
      }
      // The stream owns the handle from here on, so a later unlink (GC) cannot cut a read short.
      return handle.createReadStream({ highWaterMark: READ_CHUNK_BYTES, ...(range ? { start: range.start, end: range.end } : {}) });
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async startUpload(id: string): Promise<void> {
    await writeFile(this.paths.upload(id), new Uint8Array(0), { flag: 'wx' });
    this.hashes.set(id, { size: 0, hash: createHash('sha256') });
  }

  async uploadSize(id: string): Promise<number> {
    const info = await statOrUndefined(this.paths.upload(id));
    if (!info) throw uploadNotFound(id);
    return info.size;
  }

  async appendUpload(id: string, offset: number, source: Readable, maxBytes?: number): Promise<number> {
    return this.exclusive(id, async () => {
      const size = await this.uploadSize(id);
      if (offset !== size) {
        throw new StorageError('UPLOAD_OFFSET_MISMATCH', `upload ${id} has ${size} bytes; a chunk must start at ${size}, not ${offset}`, { detail: { size } });
      }
      const state = this.hashes.get(id);
      const hash = state?.size === size ? state.hash : undefined;
      this.hashes.delete(id);
      const counter = new HashingCounter(hash, maxBytes);
      await pipeline(source, counter, createWriteStream(this.paths.upload(id), { flags: 'a' }));
      if (hash) this.hashes.set(id, { size: size + counter.bytes, hash });
      return size + counter.bytes;
    });
  }

  async commitUpload(id: string, digest: Digest, options: CommitOptions = {}): Promise<BlobInfo> {
    return this.exclusive(id, async () => {
      const file = this.paths.upload(id);
      const size = await this.uploadSize(id);
      if (options.size !== undefined && options.size !== size) {
        throw new StorageError('SIZE_INVALID', `upload has ${size} bytes but ${options.size} were announced`);
      }
      const actual = await this.digestOfUpload(id, file, size, parseDigest(digest).algorithm);
      if (actual !== digest) {
        throw new StorageError('DIGEST_MISMATCH', `uploaded content has digest ${actual}, not ${digest}`, { detail: { expected: digest, actual } });
      }
      await fsyncPath(file);
      await options.beforePublish?.({ digest, size });
      const target = this.paths.blob(digest);
      await mkdir(path.dirname(target), { recursive: true });
      await rename(file, target);
      await fsyncPath(path.dirname(target));
      this.hashes.delete(id);
      const info = await stat(target);
      return { digest, size: info.size, modifiedAt: info.mtime };
    });
  }

  async cancelUpload(id: string): Promise<void> {
    this.hashes.delete(id);
    await rm(this.paths.upload(id), { force: true });
  }

  async *listUploads(): AsyncIterable<UploadInfo> {
    for await (const entry of await opendir(this.paths.uploadsDir)) {
      if (!entry.isFile()) continue;
      const info = await statOrUndefined(path.join(this.paths.uploadsDir, entry.name));
      if (info) yield { id: entry.name, size: info.size, modifiedAt: info.mtime };
    }
  }

  async delete(digest: Digest): Promise<void> {
    await unlink(this.paths.blob(digest)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }

  async *list(): AsyncIterable<BlobInfo> {
    for (const algorithm of ['sha256', 'sha512']) {
      const algorithmDir = path.join(this.paths.blobsDir, algorithm);
      if (!(await statOrUndefined(algorithmDir))) continue;
      for await (const prefix of await opendir(algorithmDir)) {
        if (!prefix.isDirectory()) continue;
        for await (const entry of await opendir(path.join(algorithmDir, prefix.name))) {
          const digest = `${algorithm}:${entry.name}`;
          const info = await statOrUndefined(path.join(algorithmDir, prefix.name, entry.name));
          if (info?.isFile()) yield { digest: digest as Digest, size: info.size, modifiedAt: info.mtime };
        }
      }
    }
  }

  async ping(): Promise<void> {
    await access(this.paths.uploadsDir, constants.W_OK);
    await access(this.paths.blobsDir, constants.W_OK);
  }

  private async digestOfUpload(id: string, file: string, size: number, algorithm: 'sha256' | 'sha512'): Promise<string> {
    const state = this.hashes.get(id);
    if (algorithm === 'sha256' && state?.size === size) return `sha256:${state.hash.copy().digest('hex')}`;
    // No incremental state (restart, resumed upload, sha512): hash the file once.
    const hash = createHash(algorithm);
    for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
    return `${algorithm}:${hash.digest('hex')}`;
  }

  private async exclusive<T>(id: string, work: () => Promise<T>): Promise<T> {
    if (this.busy.has(id)) {
      throw new StorageError('UPLOAD_OFFSET_MISMATCH', `upload ${id} is receiving another request; wait for it to finish`);
    }
    this.busy.add(id);
    try {
      return await work();
    } finally {
      this.busy.delete(id);
    }
  }
}

export async function createFsBlobStore(options: FsBlobStoreOptions): Promise<FsBlobStore> {
  return new FsBlobStore(options).init();
}

function uploadNotFound(id: string): StorageError {
  return new StorageError('UPLOAD_NOT_FOUND', `upload ${id} does not exist (finished, cancelled or expired)`);
}

async function statOrUndefined(file: string) {
  try {
    return await stat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function fsyncPath(file: string): Promise<void> {
  const handle = await open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
