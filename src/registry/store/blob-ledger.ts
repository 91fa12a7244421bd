/**
 * Which blobs exist and which repositories may serve them. The ledger is the
 * only code that publishes blobs, so the publish/GC ordering lives here:
 * a blob's row is written (under the digest lock) before its bytes appear.
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { Database, SqlDialectName } from '../../db/index.js';
import { digestOf, type Digest } from '../../oci/index.js';
import type { BlobInfo, BlobStore } from '../../storage/index.js';
import { lockDigest } from './digest-lock.js';
import { ensureRepository } from './repositories.js';

export class BlobLedger {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: SqlDialectName,
    private readonly store: BlobStore,
    private readonly clock: () => number,
  ) {}

  /** Verifies and publishes an upload as `digest`, then links it into `repository`. */
  async commitUpload(repository: string, uploadId: string, digest: Digest, size?: number): Promise<BlobInfo> {
    const info = await this.store.commitUpload(uploadId, digest, {
      size,
      beforePublish: (verified) => this.recordBlob(verified.digest, verified.size),
    });
    const now = this.clock();
    await this.db.transaction().execute(async (trx) => {
      await ensureRepository(trx, repository, now);
      await trx.insertInto('repositoryBlobs').values({ repository, digest, createdAt: now }).onConflict((c) => c.doNothing()).execute();
      await trx.deleteFrom('uploads').where('id', '=', uploadId).execute();
    });
    return info;
  }

  /**
   * Stores bytes Airlock wrote itself (the gate's scan reports) as a blob in no
   * repository: recorded like any upload, so GC's grace period and digest lock
   * protect it until whoever names it has recorded its digest.
   */
  async storeContent(content: Buffer): Promise<{ digest: Digest; size: number }> {
    const digest = digestOf(content);
    const id = randomUUID();
    await this.store.startUpload(id);
    try {
      await this.store.appendUpload(id, 0, Readable.from([content]));
      await this.store.commitUpload(id, digest, { size: content.length, beforePublish: (verified) => this.recordBlob(verified.digest, verified.size) });
    } catch (error) {
      await this.store.cancelUpload(id);
      throw error;
    }
    return { digest, size: content.length };
  }

  /** Size of `digest` if `repository` may serve it and its bytes are present. */
  async linkedBlob(repository: string, digest: Digest): Promise<{ size: number } | undefined> {
    const row = await this.db
      .selectFrom('repositoryBlobs')
      .innerJoin('blobs', 'blobs.digest', 'repositoryBlobs.digest')
      .select('blobs.size')
      .where('repositoryBlobs.repository', '=', repository)
      .where('repositoryBlobs.digest', '=', digest)
      .executeTakeFirst();
    return row;
  }

  /** Links an existing blob into `repository` (cross-repository mount). @returns false when the blob is gone. */
  async mount(repository: string, digest: Digest): Promise<boolean> {
    const now = this.clock();
    return this.db.transaction().execute(async (trx) => {
      const touched = await trx.updateTable('blobs').set({ lastReferencedAt: now }).where('digest', '=', digest).executeTakeFirst();
      if (Number(touched.numUpdatedRows) === 0) return false;
      await ensureRepository(trx, repository, now);
      await trx.insertInto('repositoryBlobs').values({ repository, digest, createdAt: now }).onConflict((c) => c.doNothing()).execute();
      return true;
    });
  }

  /** Repositories that hold `digest`, for mounts without `from`. */
  async repositoriesHolding(digest: Digest): Promise<string[]> {
    const rows = await this.db.selectFrom('repositoryBlobs').select('repository').where('digest', '=', digest).execute();
    return rows.map((row) => row.repository);
  }

  /** @returns false when the repository did not hold the blob. */
  async unlink(repository: string, digest: Digest): Promise<boolean> {
    const result = await this.db.deleteFrom('repositoryBlobs').where('repository', '=', repository).where('digest', '=', digest).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  private async recordBlob(digest: Digest, size: number): Promise<void> {
    const now = this.clock();
    await this.db.transaction().execute(async (trx) => {
      await lockDigest(trx, this.dialect, digest);
      await trx
        .insertInto('blobs')
        .values({ digest, size, createdAt: now, lastReferencedAt: now })
        .onConflict((c) => c.column('digest').doUpdateSet({ lastReferencedAt: now, size }))
        .execute();
    });
  }
}
