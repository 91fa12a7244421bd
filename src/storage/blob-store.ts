/**
 * The whole contract between Airlock and where blob bytes live. Blobs are
 * content-addressed and immutable: a blob becomes visible only through
 * `commitUpload`, after its bytes were verified against the digest it is stored
 * under. Every driver must pass `conformance.ts`.
 *
 * @example
 * const store = createFsBlobStore({ root: '/var/lib/airlock/blobs' });
 * await store.startUpload(id);
 * await store.appendUpload(id, 0, request);
 * await store.commitUpload(id, 'sha256:…');
 * const stream = await store.read('sha256:…', { start: 0, end: 1023 });
 */
import type { Readable } from 'node:stream';
import type { Digest } from '../oci/index.js';

export interface BlobInfo {
  digest: Digest;
  size: number;
  /** When the blob's bytes were last written (used by GC's grace period). */
  modifiedAt: Date;
}

/** An inclusive byte range, as in HTTP `Range: bytes=start-end`. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface UploadInfo {
  id: string;
  size: number;
  modifiedAt: Date;
}

export interface CommitOptions {
  /** The size the client announced; a different size is refused. */
  size?: number;
  /**
   * Runs after the bytes are verified and durable, just before they become
   * visible, while the upload is still held. The registry records the blob here
   * so garbage collection can never remove it between publish and record.
   */
  beforePublish?: (verified: { digest: Digest; size: number }) => Promise<void>;
}

export interface BlobStore {
  /** Name of the driver, e.g. `filesystem`. */
  readonly driver: string;

  /** Size and age of a committed blob; undefined when absent. */
  stat(digest: Digest): Promise<BlobInfo | undefined>;

  /**
   * A stream of a committed blob, or of the inclusive `range` of it.
   * @throws StorageError BLOB_NOT_FOUND when absent, RANGE_INVALID when the range is outside the blob.
   */
  read(digest: Digest, range?: ByteRange): Promise<Readable>;

  /** Creates an empty upload staging area. Ids are chosen by the caller (UUIDs). */
  startUpload(id: string): Promise<void>;

  /**
   * Bytes received so far. This is durable: it survives process restarts, so an
   * interrupted upload can be resumed.
   * @throws StorageError UPLOAD_NOT_FOUND
   */
  uploadSize(id: string): Promise<number>;

  /**
   * Appends `source` at `offset`, which must equal the current upload size.
   * Bytes written before `source` failed are kept and counted by `uploadSize`,
   * so the client can resume from there.
   * @param maxBytes refuse (SIZE_INVALID) once more than this many bytes arrive.
   * @returns the new upload size.
   * @throws StorageError UPLOAD_NOT_FOUND, UPLOAD_OFFSET_MISMATCH, SIZE_INVALID
   */
  appendUpload(id: string, offset: number, source: Readable, maxBytes?: number): Promise<number>;

  /**
   * Verifies the upload's bytes against `digest` (and `options.size`), makes
   * them durable and publishes them as the blob. Committing a digest that
   * already exists is not an error.
   * @throws StorageError DIGEST_MISMATCH (upload is kept), SIZE_INVALID, UPLOAD_NOT_FOUND
   */
  commitUpload(id: string, digest: Digest, options?: CommitOptions): Promise<BlobInfo>;

  /** Discards an upload; absent uploads are ignored. */
  cancelUpload(id: string): Promise<void>;

  /** Every upload staging area, for garbage collection. */
  listUploads(): AsyncIterable<UploadInfo>;

  /** Removes a committed blob; absent blobs are ignored. */
  delete(digest: Digest): Promise<void>;

  /** Every committed blob, for garbage collection. */
  list(): AsyncIterable<BlobInfo>;

  /** Checks that the store can be written (readiness probe). */
  ping(): Promise<void>;
}
