/**
 * The mirror's records: applied catalog versions, what each upstream offered at
 * the last look, and one row per upstream tag Airlock copies (its sync state,
 * both digests, whether its approved copy waits to be promoted).
 */
import { createHash } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Database, MirrorTagsTable } from '../../db/index.js';

export type MirrorTagRow = Selectable<MirrorTagsTable>;
export type MirrorOrigin = 'catalog' | 'pull-through' | 'advisor' | 'manual';

export interface StoredCatalog {
  version: number;
  document: string;
  digest: string;
  createdBy: string;
  createdAt: number;
}

export interface TagRequest {
  source: string;
  tag: string;
  repository: string;
  origin: MirrorOrigin;
  held: boolean;
  requestedBy: string;
}

export interface EntryLook {
  upstreamTags: string[];
  checkedAt: number | null;
  lastSyncAt: number | null;
  error: string | null;
}

export class MirrorStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: () => number,
  ) {}

  async latestCatalog(): Promise<StoredCatalog | undefined> {
    return this.db.selectFrom('mirrorCatalogs').selectAll().orderBy('version', 'desc').limit(1).executeTakeFirst();
  }

  /** Stores `document` as the next version unless it is the text in force; returns the version in force and whether it changed. */
  async saveCatalog(document: string, actor: string): Promise<{ version: number; changed: boolean }> {
    const digest = createHash('sha256').update(document).digest('hex');
    const current = await this.latestCatalog();
    if (current?.digest === digest) return { version: current.version, changed: false };
    const version = (current?.version ?? 0) + 1;
    await this.db.insertInto('mirrorCatalogs').values({ version, document, digest, createdBy: actor, createdAt: this.clock() }).execute();
    return { version, changed: true };
  }

  async tags(source?: string): Promise<MirrorTagRow[]> {
    let query = this.db.selectFrom('mirrorTags').selectAll();
    if (source) query = query.where('source', '=', source);
    return query.orderBy('source').orderBy('tag').execute();
  }

  async tag(source: string, tag: string): Promise<MirrorTagRow | undefined> {
    return this.db.selectFrom('mirrorTags').selectAll().where('source', '=', source).where('tag', '=', tag).executeTakeFirst();
  }

  /** Rows of `repository` (a quarantine repository) for these tags. */
  async tagsOf(repository: string, tags: readonly string[]): Promise<MirrorTagRow[]> {
    if (tags.length === 0) return [];
    return this.db.selectFrom('mirrorTags').selectAll().where('repository', '=', repository).where('tag', 'in', [...tags]).execute();
  }

  /**
   * Records that a tag is wanted. A tag already known keeps its state; asking
   * for it explicitly (catalog, pull-through, a person) releases a hold.
   */
  async request(request: TagRequest): Promise<MirrorTagRow> {
    const now = this.clock();
    const existing = await this.tag(request.source, request.tag);
    if (!existing) {
      await this.db
        .insertInto('mirrorTags')
        .values({ ...request, held: request.held ? 1 : 0, state: 'queued', upstreamDigest: null, digest: null, error: null, requestedAt: now, syncedAt: null, bytes: null, updatedAt: now })
        .onConflict((c) => c.columns(['source', 'tag']).doNothing())
        .execute();
    } else if (existing.held === 1 && !request.held) {
      await this.update(request.source, request.tag, { held: 0, origin: request.origin });
    }
    return (await this.tag(request.source, request.tag)) as MirrorTagRow;
  }

  async update(source: string, tag: string, patch: Partial<Omit<MirrorTagRow, 'source' | 'tag'>>): Promise<void> {
    await this.db.updateTable('mirrorTags').set({ ...patch, updatedAt: this.clock() }).where('source', '=', source).where('tag', '=', tag).execute();
  }

  async entry(source: string): Promise<EntryLook | undefined> {
    const row = await this.db.selectFrom('mirrorEntries').selectAll().where('source', '=', source).executeTakeFirst();
    return row && { upstreamTags: JSON.parse(row.upstreamTags) as string[], checkedAt: row.checkedAt, lastSyncAt: row.lastSyncAt, error: row.error };
  }

  /** What a look at the upstream found: its tags, or why it could not be read; `synced` when a whole sync finished. */
  async recordLook(source: string, look: { upstreamTags?: string[]; error?: string; synced?: boolean }): Promise<void> {
    const now = this.clock();
    const previous = await this.entry(source);
    const values = {
      source,
      upstreamTags: JSON.stringify(look.upstreamTags ?? previous?.upstreamTags ?? []),
      checkedAt: look.upstreamTags ? now : (previous?.checkedAt ?? null),
      lastSyncAt: look.synced ? now : (previous?.lastSyncAt ?? null),
      error: look.error ?? null,
    };
    await this.db
      .insertInto('mirrorEntries')
      .values(values)
      .onConflict((c) => c.column('source').doUpdateSet({ upstreamTags: values.upstreamTags, checkedAt: values.checkedAt, lastSyncAt: values.lastSyncAt, error: values.error }))
      .execute();
  }

  /** The oldest last sync over `sources`; undefined when one was never synced. */
  async oldestSync(sources: readonly string[]): Promise<number | undefined> {
    if (sources.length === 0) return undefined;
    const rows = await this.db.selectFrom('mirrorEntries').select(['source', 'lastSyncAt']).where('source', 'in', [...sources]).execute();
    if (rows.length < sources.length || rows.some((row) => row.lastSyncAt === null)) return undefined;
    return Math.min(...rows.map((row) => row.lastSyncAt as number));
  }
}
