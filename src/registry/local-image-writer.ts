/**
 * Writes images Airlock fetched itself (the mirror) into a repository through
 * the same ledger and manifest store a push uses: blobs verified against their
 * digest and published before the manifest that names them, manifests parsed
 * and checked for missing references. The caller tells the gate afterwards.
 */
import type { Readable } from 'node:stream';
import { digestOf, parseManifest, type Digest } from '../oci/index.js';
import type { BlobStore } from '../storage/index.js';
import type { BlobLedger } from './store/blob-ledger.js';
import type { ManifestStore } from './store/manifest-store.js';
import type { UploadSessions } from './store/upload-sessions.js';

export class LocalImageWriter {
  constructor(
    private readonly blobs: BlobLedger,
    private readonly uploads: UploadSessions,
    private readonly manifests: ManifestStore,
    private readonly store: BlobStore,
  ) {}

  /** Links an already stored blob into `repository`; false when its bytes are not here. */
  linkBlob(repository: string, digest: string): Promise<boolean> {
    return this.blobs.mount(repository, digest as Digest);
  }

  /** Streams `body` into storage; it is published only if it hashes to `digest` (and has `size` bytes). */
  async writeBlob(repository: string, digest: string, size: number, body: Readable): Promise<void> {
    const id = await this.uploads.start(repository);
    try {
      await this.store.appendUpload(id, 0, body);
      await this.blobs.commitUpload(repository, id, digest as Digest, size);
    } catch (error) {
      body.destroy();
      await this.uploads.cancel(id);
      throw error;
    }
  }

  /** Stores a manifest (validated like a push) under `tags`; returns its digest. */
  async putManifest(repository: string, content: Buffer, mediaType: string, tags: readonly string[]): Promise<string> {
    const digest = digestOf(content);
    const parsed = parseManifest(content, mediaType);
    await this.manifests.put(repository, { digest, content, parsed }, { tags, immutableTags: false });
    return digest;
  }
}
