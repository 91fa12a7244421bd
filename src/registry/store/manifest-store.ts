/**
 * Manifests, their tags and what they reference. A manifest is stored only if
 * everything it references is already in its repository; that check, the
 * insert and the tag update happen in one transaction.
 */
import type { Kysely } from 'kysely';
import type { Database, ManifestRow } from '../../db/index.js';
import { isDigest, type Descriptor, type Digest, type ParsedManifest } from '../../oci/index.js';
import { RegistryError } from '../errors.js';
import { ensureRepository } from './repositories.js';

export interface ManifestRecord {
  digest: Digest;
  content: Buffer;
  parsed: ParsedManifest;
}

export interface PutManifestOptions {
  tags: readonly string[];
  /** Approved repositories: a tag, once set, never moves to another digest. */
  immutableTags: boolean;
}

/** SQLite's bound-parameter limit is far above this; it keeps IN lists small everywhere. */
const IN_LIST_CHUNK = 500;

export class ManifestStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: () => number,
  ) {}

  async put(repository: string, record: ManifestRecord, options: PutManifestOptions): Promise<void> {
    const now = this.clock();
    const { parsed } = record;
    await this.db.transaction().execute(async (trx) => {
      await ensureRepository(trx, repository, now);
      await requireBlobs(trx, repository, parsed.blobs, now);
      await requireManifests(trx, repository, parsed.manifests);
      await trx
        .insertInto('manifests')
        .values({
          repository,
          digest: record.digest,
          mediaType: parsed.mediaType,
          artifactType: parsed.artifactType ?? null,
          subject: parsed.subject?.digest ?? null,
          annotations: parsed.annotations ? JSON.stringify(parsed.annotations) : null,
          size: record.content.length,
          content: record.content,
          createdAt: now,
        })
        .onConflict((c) => c.columns(['repository', 'digest']).doNothing())
        .execute();
      const references = uniqueByDigest([
        ...parsed.blobs.map((d) => ({ digest: d.digest, kind: 'blob' })),
        ...parsed.manifests.map((d) => ({ digest: d.digest, kind: 'manifest' })),
      ]);
      for (const chunk of chunks(references, IN_LIST_CHUNK)) {
        await trx
          .insertInto('manifestReferences')
          .values(chunk.map((ref) => ({ repository, manifestDigest: record.digest, childDigest: ref.digest, childKind: ref.kind })))
          .onConflict((c) => c.doNothing())
          .execute();
      }
      for (const tag of options.tags) await setTag(trx, repository, tag, record.digest, options.immutableTags, now);
    });
  }

  /** A manifest by tag or digest. */
  async get(repository: string, reference: string): Promise<ManifestRow | undefined> {
    if (isDigest(reference)) {
      return this.db.selectFrom('manifests').selectAll().where('repository', '=', repository).where('digest', '=', reference).executeTakeFirst();
    }
    return this.db
      .selectFrom('tags')
      .innerJoin('manifests', (join) => join.onRef('manifests.repository', '=', 'tags.repository').onRef('manifests.digest', '=', 'tags.digest'))
      .selectAll('manifests')
      .where('tags.repository', '=', repository)
      .where('tags.name', '=', reference)
      .executeTakeFirst();
  }

  /** Deletes a manifest with its tags and reference rows. @returns false when absent. */
  async delete(repository: string, digest: Digest): Promise<boolean> {
    const result = await this.db.deleteFrom('manifests').where('repository', '=', repository).where('digest', '=', digest).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async listTags(repository: string): Promise<string[]> {
    const rows = await this.db.selectFrom('tags').select('name').where('repository', '=', repository).execute();
    return rows.map((row) => row.name);
  }

  async tagsOf(repository: string, digest: Digest): Promise<string[]> {
    const rows = await this.db.selectFrom('tags').select('name').where('repository', '=', repository).where('digest', '=', digest).execute();
    return rows.map((row) => row.name);
  }

  /** @returns false when the tag did not exist. */
  async deleteTag(repository: string, tag: string): Promise<boolean> {
    const result = await this.db.deleteFrom('tags').where('repository', '=', repository).where('name', '=', tag).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Manifests in `repository` whose `subject` is `subject` (referrers API). */
  async referrers(repository: string, subject: Digest): Promise<Array<Pick<ManifestRow, 'digest' | 'mediaType' | 'size' | 'artifactType' | 'annotations'>>> {
    return this.db
      .selectFrom('manifests')
      .select(['digest', 'mediaType', 'size', 'artifactType', 'annotations'])
      .where('repository', '=', repository)
      .where('subject', '=', subject)
      .orderBy('createdAt')
      .orderBy('digest')
      .execute();
  }
}

async function requireBlobs(trx: Kysely<Database>, repository: string, blobs: readonly Descriptor[], now: number): Promise<void> {
  for (const chunk of chunks(uniqueByDigest(blobs), IN_LIST_CHUNK)) {
    const digests = chunk.map((d) => d.digest);
    // Touching the rows first locks them (PostgreSQL) against a concurrent garbage collection.
    await trx.updateTable('blobs').set({ lastReferencedAt: now }).where('digest', 'in', digests).execute();
    const rows = await trx
      .selectFrom('repositoryBlobs')
      .innerJoin('blobs', 'blobs.digest', 'repositoryBlobs.digest')
      .select(['blobs.digest', 'blobs.size'])
      .where('repositoryBlobs.repository', '=', repository)
      .where('repositoryBlobs.digest', 'in', digests)
      .execute();
    requireAll(chunk, new Map(rows.map((row) => [row.digest, row.size])), repository, 'blob');
  }
}

async function requireManifests(trx: Kysely<Database>, repository: string, manifests: readonly Descriptor[]): Promise<void> {
  for (const chunk of chunks(uniqueByDigest(manifests), IN_LIST_CHUNK)) {
    const rows = await trx
      .selectFrom('manifests')
      .select(['digest', 'size'])
      .where('repository', '=', repository)
      .where('digest', 'in', chunk.map((d) => d.digest))
      .execute();
    requireAll(chunk, new Map(rows.map((row) => [row.digest, row.size])), repository, 'manifest');
  }
}

function requireAll(wanted: readonly Descriptor[], sizes: Map<string, number>, repository: string, kind: string): void {
  for (const descriptor of wanted) {
    const size = sizes.get(descriptor.digest);
    if (size === undefined) {
      throw new RegistryError('MANIFEST_BLOB_UNKNOWN', `${kind} ${descriptor.digest} is not in ${repository}; push it before the manifest`, {
        detail: { digest: descriptor.digest },
      });
    }
    if (size !== descriptor.size) {
      throw new RegistryError('MANIFEST_INVALID', `descriptor for ${descriptor.digest} says ${descriptor.size} bytes but the ${kind} has ${size}`, {
        detail: { digest: descriptor.digest, size },
      });
    }
  }
}

async function setTag(trx: Kysely<Database>, repository: string, tag: string, digest: Digest, immutable: boolean, now: number): Promise<void> {
  if (!immutable) {
    await trx
      .insertInto('tags')
      .values({ repository, name: tag, digest, updatedAt: now })
      .onConflict((c) => c.columns(['repository', 'name']).doUpdateSet({ digest, updatedAt: now }))
      .execute();
    return;
  }
  await trx.insertInto('tags').values({ repository, name: tag, digest, updatedAt: now }).onConflict((c) => c.doNothing()).execute();
  const current = await trx.selectFrom('tags').select('digest').where('repository', '=', repository).where('name', '=', tag).executeTakeFirstOrThrow();
  if (current.digest !== digest) {
    throw new RegistryError('DENIED', `tag ${repository}:${tag} is immutable and already points at ${current.digest}`, {
      detail: { tag, digest: current.digest },
    });
  }
}

function uniqueByDigest<T extends { digest: string }>(items: readonly T[]): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(item.digest)) seen.set(item.digest, item);
  return [...seen.values()];
}

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
}
