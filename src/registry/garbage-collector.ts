/**
 * `airlock gc`: removes blobs no manifest and no image's latest scan report
 * references, stale uploads and stray files. Safe while pushes run: only blobs whose last reference is older than
 * the grace period are candidates, and each deletion re-checks that under the
 * digest lock, in the same transaction that removes the row, so a blob uploaded
 * or referenced during the run is never deleted.
 */
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { Database, SqlDialectName } from '../db/index.js';
import type { Digest } from '../oci/index.js';
import type { BlobStore } from '../storage/index.js';
import { lockDigest } from './store/digest-lock.js';
import type { UploadSessions } from './store/upload-sessions.js';

export interface GcOptions {
  blobGracePeriodMs: number;
  uploadTtlMs: number;
}

export interface GcReport {
  dryRun: boolean;
  blobsDeleted: number;
  bytesFreed: number;
  strayFilesDeleted: number;
  uploadsDeleted: number;
  durationMs: number;
}

export class GarbageCollector {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: SqlDialectName,
    private readonly store: BlobStore,
    private readonly uploads: UploadSessions,
    private readonly clock: () => number,
    private readonly options: GcOptions,
    private readonly log: FastifyBaseLogger,
  ) {}

  async run({ dryRun = false } = {}): Promise<GcReport> {
    const startedAt = this.clock();
    const report: GcReport = { dryRun, blobsDeleted: 0, bytesFreed: 0, strayFilesDeleted: 0, uploadsDeleted: 0, durationMs: 0 };
    report.uploadsDeleted = await this.collectUploads(startedAt - this.options.uploadTtlMs, dryRun);
    const cutoff = startedAt - this.options.blobGracePeriodMs;
    for (const candidate of await this.unreferencedBlobs(cutoff)) {
      if (dryRun || (await this.deleteBlob(candidate.digest as Digest, cutoff))) {
        report.blobsDeleted += 1;
        report.bytesFreed += candidate.size;
      }
    }
    for await (const file of this.store.list()) {
      if (file.modifiedAt.getTime() >= cutoff) continue;
      if (dryRun ? !(await this.hasRow(this.db, file.digest)) : await this.deleteStrayFile(file.digest)) report.strayFilesDeleted += 1;
    }
    report.durationMs = this.clock() - startedAt;
    this.log.info({ gc: report }, 'garbage collection finished');
    return report;
  }

  private async collectUploads(cutoff: number, dryRun: boolean): Promise<number> {
    let deleted = 0;
    for (const id of await this.uploads.staleSince(cutoff)) {
      if (!dryRun) await this.uploads.cancel(id);
      deleted += 1;
    }
    const known = await this.uploads.known();
    for await (const upload of this.store.listUploads()) {
      if (known.has(upload.id) || upload.modifiedAt.getTime() >= cutoff) continue;
      if (!dryRun) await this.store.cancelUpload(upload.id);
      deleted += 1;
    }
    return deleted;
  }

  private async unreferencedBlobs(cutoff: number): Promise<Array<{ digest: string; size: number }>> {
    return this.db
      .selectFrom('blobs')
      .select(['digest', 'size'])
      .where('lastReferencedAt', '<', cutoff)
      .where((eb) => unreferenced(eb, eb.ref('blobs.digest')))
      .execute();
  }

  private async deleteBlob(digest: Digest, cutoff: number): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      await lockDigest(trx, this.dialect, digest);
      const deleted = await trx
        .deleteFrom('blobs')
        .where('digest', '=', digest)
        .where('lastReferencedAt', '<', cutoff)
        .where((eb) => unreferenced(eb, eb.val(digest)))
        .executeTakeFirst();
      if (Number(deleted.numDeletedRows) === 0) return false;
      // Inside the transaction: a concurrent upload of this digest waits for the lock, then re-creates row and file.
      await this.store.delete(digest);
      return true;
    });
  }

  /** A file with no row (left by a crash or an older version). */
  private async deleteStrayFile(digest: Digest): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      await lockDigest(trx, this.dialect, digest);
      if (await this.hasRow(trx, digest)) return false;
      await this.store.delete(digest);
      return true;
    });
  }

  private async hasRow(db: Kysely<Database>, digest: Digest): Promise<boolean> {
    return (await db.selectFrom('blobs').select('digest').where('digest', '=', digest).executeTakeFirst()) !== undefined;
  }
}

/**
 * Nothing points at `digest`: no manifest lists it (config, layer, index child)
 * and no image names it as its latest JSON or HTML scan report. Three separate
 * NOT EXISTS, each answered by its own index (0008-reports indexes the report columns).
 */
function unreferenced(eb: ExpressionBuilder<Database, 'blobs'>, digest: Expression<string>): Expression<SqlBool> {
  return eb.and([
    eb.not(eb.exists(eb.selectFrom('manifestReferences').select(sql`1`.as('one')).where('manifestReferences.childDigest', '=', digest))),
    eb.not(eb.exists(eb.selectFrom('gateImages').select(sql`1`.as('one')).where('gateImages.reportDigest', '=', digest))),
    eb.not(eb.exists(eb.selectFrom('gateImages').select(sql`1`.as('one')).where('gateImages.htmlReportDigest', '=', digest))),
  ]);
}
