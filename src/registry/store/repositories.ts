/** Repository rows: created on first write, listed by the catalog. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/index.js';

export async function ensureRepository(db: Kysely<Database>, name: string, now: number): Promise<void> {
  await db.insertInto('repositories').values({ name, createdAt: now }).onConflict((c) => c.column('name').doNothing()).execute();
}

export async function repositoryExists(db: Kysely<Database>, name: string): Promise<boolean> {
  return (await db.selectFrom('repositories').select('name').where('name', '=', name).executeTakeFirst()) !== undefined;
}

export async function listRepositories(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('repositories').select('name').execute();
  return rows.map((row) => row.name).sort(compareLexically);
}

/** Code-unit order, identical on every database collation (the spec's "lexical" order). */
export function compareLexically(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
