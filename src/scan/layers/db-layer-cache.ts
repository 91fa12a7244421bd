/** The layer cache in the main database, shared by every scanner process and replica. */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/index.js';
import type { LayerAnalysis } from './layer-analysis.js';
import type { LayerCache } from './layer-cache.js';

export class DbLayerCache implements LayerCache {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: () => number = Date.now,
  ) {}

  async get(digest: string, catalogerKey: string): Promise<LayerAnalysis | undefined> {
    const row = await this.db
      .selectFrom('layerAnalyses')
      .select('analysis')
      .where('layerDigest', '=', digest)
      .where('catalogerKey', '=', catalogerKey)
      .executeTakeFirst();
    if (!row) return undefined;
    await this.db.updateTable('layerAnalyses').set({ lastUsedAt: this.clock() }).where('layerDigest', '=', digest).where('catalogerKey', '=', catalogerKey).execute();
    return JSON.parse(gunzipSync(row.analysis).toString('utf8')) as LayerAnalysis;
  }

  async put(analysis: LayerAnalysis, catalogerKey: string): Promise<void> {
    // A layer that could not be read to its end is not the layer's truth: analyse it again next time.
    if (!analysis.complete) return;
    const now = this.clock();
    const compressed = gzipSync(JSON.stringify(analysis));
    await this.db
      .insertInto('layerAnalyses')
      .values({ layerDigest: analysis.digest, catalogerKey, analysis: compressed, createdAt: now, lastUsedAt: now })
      .onConflict((c) => c.columns(['layerDigest', 'catalogerKey']).doUpdateSet({ analysis: compressed, lastUsedAt: now }))
      .execute();
  }
}
