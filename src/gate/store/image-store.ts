/**
 * The gate's record of every quarantined image: its state and current verdict,
 * its history, and the inverted index from (ecosystem, package) to images.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Database, GateImagesTable } from '../../db/index.js';
import type { ImageState } from '../image-state.js';

export type ImageRow = Selectable<GateImagesTable>;

export interface PackageKey {
  ecosystem: string;
  name: string;
}

export interface ImageFilter {
  teams?: readonly string[];
  state?: string;
  repository?: string;
  limit?: number;
  offset?: number;
}

const IN_CHUNK = 500;

export class ImageStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: () => number,
  ) {}

  /** Records a push; a digest already known only gains the tag. @returns the image and whether the tag is new. */
  async recordPush(input: { repository: string; digest: string; team: string; mediaType: string; tag?: string }, db: Kysely<Database> = this.db): Promise<{ image: ImageRow; created: boolean; newTag: boolean }> {
    const now = this.clock();
    const existing = await this.find(input.repository, input.digest, db);
    if (!existing) {
      const image = {
        id: randomUUID(),
        repository: input.repository,
        digest: input.digest,
        team: input.team,
        mediaType: input.mediaType,
        tags: JSON.stringify(input.tag ? [input.tag] : []),
        state: 'received',
        reasons: '[]',
        evaluation: null,
        summary: null,
        policyVersion: null,
        dbVersion: null,
        error: null,
        reportDigest: null,
        htmlReportDigest: null,
        receivedAt: now,
        decidedAt: null,
        approvedAt: null,
        failingSince: null,
        revokeAt: null,
        revokedAt: null,
        updatedAt: now,
      };
      await db.insertInto('gateImages').values(image).onConflict((c) => c.columns(['repository', 'digest']).doNothing()).execute();
      const stored = (await this.find(input.repository, input.digest, db)) as ImageRow;
      if (stored.id === image.id) await this.addHistory(db, stored.id, null, 'received', 'push', input.tag ? { tag: input.tag } : undefined);
      return { image: stored, created: stored.id === image.id, newTag: input.tag !== undefined };
    }
    const tags = JSON.parse(existing.tags) as string[];
    if (!input.tag || tags.includes(input.tag)) return { image: existing, created: false, newTag: false };
    const updated = { ...existing, tags: JSON.stringify([...tags, input.tag].sort()), updatedAt: now };
    await db.updateTable('gateImages').set({ tags: updated.tags, updatedAt: now }).where('id', '=', existing.id).execute();
    return { image: updated, created: false, newTag: true };
  }

  find(repository: string, digest: string, db: Kysely<Database> = this.db): Promise<ImageRow | undefined> {
    return db.selectFrom('gateImages').selectAll().where('repository', '=', repository).where('digest', '=', digest).executeTakeFirst();
  }

  byId(id: string, db: Kysely<Database> = this.db): Promise<ImageRow | undefined> {
    return db.selectFrom('gateImages').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The images with these ids, in the order asked for (ids not found are left out). */
  async byIds(ids: readonly string[], db: Kysely<Database> = this.db): Promise<ImageRow[]> {
    const found = new Map<string, ImageRow>();
    for (let start = 0; start < ids.length; start += IN_CHUNK) {
      for (const row of await db.selectFrom('gateImages').selectAll().where('id', 'in', ids.slice(start, start + IN_CHUNK)).execute()) found.set(row.id, row);
    }
    return ids.flatMap((id) => found.get(id) ?? []);
  }

  /** Moves an image to `state` with the given facts, and writes the change to its history. */
  async update(image: ImageRow, patch: Partial<Omit<ImageRow, 'id'>>, cause: string, detail: unknown, db: Kysely<Database> = this.db): Promise<ImageRow> {
    const now = this.clock();
    const next = { ...image, ...patch, updatedAt: now };
    await db.updateTable('gateImages').set({ ...patch, updatedAt: now }).where('id', '=', image.id).execute();
    if (patch.state !== undefined && patch.state !== image.state) await this.addHistory(db, image.id, image.state, patch.state, cause, detail);
    return next;
  }

  async history(imageId: string): Promise<Array<{ at: number; from: string | null; to: string; cause: string; detail: unknown }>> {
    const rows = await this.db.selectFrom('gateImageHistory').selectAll().where('imageId', '=', imageId).orderBy('at').execute();
    return rows.map((row) => ({ at: row.at, from: row.fromState, to: row.toState, cause: row.cause, detail: row.detail ? (JSON.parse(row.detail) as unknown) : undefined }));
  }

  async list(filter: ImageFilter = {}): Promise<ImageRow[]> {
    let query = this.db.selectFrom('gateImages').selectAll().orderBy('receivedAt', 'desc').orderBy('id');
    if (filter.teams) query = query.where('team', 'in', filter.teams.length > 0 ? [...filter.teams] : ['']);
    if (filter.state) query = query.where('state', '=', filter.state);
    if (filter.repository) query = query.where('repository', '=', filter.repository);
    return query.limit(Math.min(filter.limit ?? 100, 1000)).offset(filter.offset ?? 0).execute();
  }

  /** Images in any of `states`; for re-deciding everything a policy change touches. */
  async inStates(states: readonly ImageState[], teams?: readonly string[]): Promise<ImageRow[]> {
    let query = this.db.selectFrom('gateImages').selectAll().where('state', 'in', [...states]);
    if (teams) query = query.where('team', 'in', teams.length > 0 ? [...teams] : ['']);
    return query.execute();
  }

  /** At-risk images whose grace period is over. */
  dueForRevocation(now: number): Promise<ImageRow[]> {
    return this.db.selectFrom('gateImages').selectAll().where('state', '=', 'at-risk').where('revokeAt', '<=', now).execute();
  }

  async replacePackages(imageId: string, keys: readonly PackageKey[], db: Kysely<Database> = this.db): Promise<void> {
    await db.deleteFrom('gateImagePackages').where('imageId', '=', imageId).execute();
    const unique = [...new Map(keys.map((key) => [`${key.ecosystem}\0${key.name}`, key])).values()];
    for (let start = 0; start < unique.length; start += IN_CHUNK) {
      const chunk = unique.slice(start, start + IN_CHUNK).map((key) => ({ imageId, ecosystem: key.ecosystem, packageName: key.name }));
      await db.insertInto('gateImagePackages').values(chunk).onConflict((c) => c.doNothing()).execute();
    }
  }

  /** Images containing any of these packages: what a database update must re-decide. */
  async imagesWithPackages(keys: readonly PackageKey[]): Promise<string[]> {
    const ids = new Set<string>();
    const byEcosystem = new Map<string, string[]>();
    for (const key of keys) byEcosystem.set(key.ecosystem, [...(byEcosystem.get(key.ecosystem) ?? []), key.name]);
    for (const [ecosystem, names] of byEcosystem) {
      for (let start = 0; start < names.length; start += IN_CHUNK) {
        const rows = await this.db
          .selectFrom('gateImagePackages')
          .select('imageId')
          .distinct()
          .where('ecosystem', '=', ecosystem)
          .where('packageName', 'in', names.slice(start, start + IN_CHUNK))
          .execute();
        for (const row of rows) ids.add(row.imageId);
      }
    }
    return [...ids];
  }

  private async addHistory(db: Kysely<Database>, imageId: string, from: string | null, to: string, cause: string, detail: unknown): Promise<void> {
    await db
      .insertInto('gateImageHistory')
      .values({ imageId, at: this.clock(), fromState: from, toState: to, cause, detail: detail === undefined ? null : JSON.stringify(detail) })
      .execute();
  }
}
