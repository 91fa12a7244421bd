/**
 * Each scanned image's inventory (its SBOM), by manifest digest and cataloger
 * set: re-matching an image after a database update reads no layer at all.
 */
import { promisify } from 'node:util';
import { gunzip, gunzipSync, gzipSync } from 'node:zlib';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/index.js';
import type { Inventory } from './build-inventory.js';

const gunzipAsync = promisify(gunzip);
const DIGEST_CHUNK = 500;

export interface InventoryStore {
  get(imageDigest: string, catalogerKey: string): Promise<Inventory | undefined>;
  put(imageDigest: string, catalogerKey: string, inventory: Inventory): Promise<void>;
}

export class DbInventoryStore implements InventoryStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: () => number = Date.now,
  ) {}

  async get(imageDigest: string, catalogerKey: string): Promise<Inventory | undefined> {
    const row = await this.db
      .selectFrom('imageInventories')
      .select('inventory')
      .where('imageDigest', '=', imageDigest)
      .where('catalogerKey', '=', catalogerKey)
      .executeTakeFirst();
    return row ? (JSON.parse(gunzipSync(row.inventory).toString('utf8')) as Inventory) : undefined;
  }

  /**
   * Several inventories at once, by image digest (those not stored are absent):
   * one query per few hundred digests, decompressed on libuv's thread pool in
   * parallel, for re-deciding many images.
   */
  async getMany(imageDigests: readonly string[], catalogerKey: string): Promise<Map<string, Inventory>> {
    const found = new Map<string, Inventory>();
    const unique = [...new Set(imageDigests)];
    for (let start = 0; start < unique.length; start += DIGEST_CHUNK) {
      const rows = await this.db
        .selectFrom('imageInventories')
        .select(['imageDigest', 'inventory'])
        .where('imageDigest', 'in', unique.slice(start, start + DIGEST_CHUNK))
        .where('catalogerKey', '=', catalogerKey)
        .execute();
      const texts = await Promise.all(rows.map(async (row) => (await gunzipAsync(row.inventory)).toString('utf8')));
      for (const [n, row] of rows.entries()) found.set(row.imageDigest, JSON.parse(texts[n] as string) as Inventory);
    }
    return found;
  }

  async put(imageDigest: string, catalogerKey: string, inventory: Inventory): Promise<void> {
    const compressed = gzipSync(JSON.stringify(inventory));
    await this.db
      .insertInto('imageInventories')
      .values({ imageDigest, catalogerKey, inventory: compressed, createdAt: this.clock() })
      .onConflict((c) => c.columns(['imageDigest', 'catalogerKey']).doUpdateSet({ inventory: compressed }))
      .execute();
  }
}
