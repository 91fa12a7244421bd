/**
 * Each scanned image's inventory (its SBOM), by manifest digest and cataloger
 * set: re-matching an image after a database update reads no layer at all.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/index.js';
import type { Inventory } from './build-inventory.js';

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

  async put(imageDigest: string, catalogerKey: string, inventory: Inventory): Promise<void> {
    const compressed = gzipSync(JSON.stringify(inventory));
    await this.db
      .insertInto('imageInventories')
      .values({ imageDigest, catalogerKey, inventory: compressed, createdAt: this.clock() })
      .onConflict((c) => c.columns(['imageDigest', 'catalogerKey']).doUpdateSet({ inventory: compressed }))
      .execute();
  }
}
