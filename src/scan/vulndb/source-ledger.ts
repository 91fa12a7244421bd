/** The `advisory_sources` table: each place advisories were imported from, and what its last update did. */
import type { Kysely, Selectable } from 'kysely';
import type { AdvisorySourcesTable, Database } from '../../db/index.js';
import type { SourceKind } from './source-entry.js';

export interface SourceRecord {
  location: string;
  kind: SourceKind;
  ecosystems: string[];
  etag: string | undefined;
  /** Records read (valid or not) by the last update that read the source. */
  records: number;
  added: number;
  updated: number;
  unchanged: number;
  withdrawn: number;
  invalid: number;
  /** Last time its content was read (epoch ms). */
  updatedAt: number;
  /** Last time it was checked, including an HTTP 304 (epoch ms). */
  checkedAt: number;
}

export class SourceLedger {
  constructor(private readonly db: Kysely<Database>) {}

  async get(location: string): Promise<SourceRecord | undefined> {
    const row = await this.db.selectFrom('advisorySources').selectAll().where('location', '=', location).executeTakeFirst();
    return row ? fromRow(row) : undefined;
  }

  async list(): Promise<SourceRecord[]> {
    const rows = await this.db.selectFrom('advisorySources').selectAll().orderBy('location').execute();
    return rows.map(fromRow);
  }

  async save(source: SourceRecord): Promise<void> {
    const { location, ...rest } = source;
    const changes = { ...rest, ecosystems: JSON.stringify(source.ecosystems), etag: source.etag ?? null };
    const row = { location, ...changes };
    await this.db
      .insertInto('advisorySources')
      .values(row)
      .onConflict((conflict) => conflict.column('location').doUpdateSet(changes))
      .execute();
  }

  /** Records a check that found nothing new (HTTP 304): only the check time (and ETag) move. */
  async touch(location: string, checkedAt: number, etag: string | undefined): Promise<void> {
    await this.db.updateTable('advisorySources').set({ checkedAt, etag: etag ?? null }).where('location', '=', location).execute();
  }
}

function fromRow(row: Selectable<AdvisorySourcesTable>): SourceRecord {
  return {
    location: row.location,
    kind: row.kind as SourceKind,
    ecosystems: JSON.parse(row.ecosystems) as string[],
    etag: row.etag ?? undefined,
    records: Number(row.records),
    added: Number(row.added),
    updated: Number(row.updated),
    unchanged: Number(row.unchanged),
    withdrawn: Number(row.withdrawn),
    invalid: Number(row.invalid),
    updatedAt: Number(row.updatedAt),
    checkedAt: Number(row.checkedAt),
  };
}
