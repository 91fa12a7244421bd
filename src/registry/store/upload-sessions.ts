/**
 * Blob upload sessions: which repository an upload belongs to and when it was
 * last written. The bytes (and so the resume offset) live in the BlobStore.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/index.js';
import type { BlobStore } from '../../storage/index.js';
import { RegistryError } from '../errors.js';

export class UploadSessions {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly store: BlobStore,
    private readonly clock: () => number,
  ) {}

  async start(repository: string): Promise<string> {
    const id = randomUUID();
    const now = this.clock();
    await this.store.startUpload(id);
    await this.db.insertInto('uploads').values({ id, repository, createdAt: now, updatedAt: now }).execute();
    return id;
  }

  /** @throws RegistryError BLOB_UPLOAD_UNKNOWN when the upload is not one of this repository's. */
  async require(repository: string, id: string): Promise<void> {
    const row = await this.db.selectFrom('uploads').select('repository').where('id', '=', id).executeTakeFirst();
    if (!row || row.repository !== repository) {
      throw new RegistryError('BLOB_UPLOAD_UNKNOWN', `upload ${id.slice(0, 64)} is not in progress for ${repository}`);
    }
  }

  async touch(id: string): Promise<void> {
    await this.db.updateTable('uploads').set({ updatedAt: this.clock() }).where('id', '=', id).execute();
  }

  async cancel(id: string): Promise<void> {
    await this.db.deleteFrom('uploads').where('id', '=', id).execute();
    await this.store.cancelUpload(id);
  }

  async staleSince(cutoff: number): Promise<string[]> {
    const rows = await this.db.selectFrom('uploads').select('id').where('updatedAt', '<', cutoff).execute();
    return rows.map((row) => row.id);
  }

  async known(): Promise<Set<string>> {
    const rows = await this.db.selectFrom('uploads').select('id').execute();
    return new Set(rows.map((row) => row.id));
  }
}
