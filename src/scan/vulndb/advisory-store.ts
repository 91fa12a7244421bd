/**
 * Advisories and their affected packages in the main database. Writes come in
 * batches (one transaction each, multi-row statements) because an import is
 * thousands of records; reads serve the importer (what is stored, how new) and
 * the in-memory index.
 */
import type { Insertable, Kysely } from 'kysely';
import type { AdvisoriesTable, AffectedPackagesTable, Database } from '../../db/index.js';
import type { OsvRecord } from './osv-schema.js';

/** What the importer needs to know about a stored advisory. */
export interface StoredState {
  modified: string;
  withdrawn: boolean;
}

/** One advisory to write: inserted, replaced, or (when withdrawn) turned into a tombstone. */
export interface AdvisoryWrite {
  record: OsvRecord;
  /** The record as read (compact JSON), kept to explain findings. */
  raw: string;
  source: string;
}

// Rows per statement, keeping bound parameters well under SQLite's and PostgreSQL's limits.
const ID_CHUNK = 500;
const ADVISORY_CHUNK = 200;
const AFFECTED_CHUNK = 300;

export class AdvisoryStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number = Date.now,
  ) {}

  async states(ids: readonly string[]): Promise<Map<string, StoredState>> {
    const states = new Map<string, StoredState>();
    for (const chunk of chunks(ids, ID_CHUNK)) {
      const rows = await this.db.selectFrom('advisories').select(['id', 'modified', 'withdrawn']).where('id', 'in', chunk).execute();
      for (const row of rows) states.set(row.id, { modified: row.modified, withdrawn: row.withdrawn !== null });
    }
    return states;
  }

  /** Replaces each advisory and its affected rows, all in one transaction. */
  async write(writes: readonly AdvisoryWrite[]): Promise<void> {
    if (writes.length === 0) return;
    const importedAt = this.now();
    const advisories = writes.map((write) => advisoryRow(write, importedAt));
    const affected = writes.flatMap(({ record }) => (record.withdrawn ? [] : affectedRows(record)));
    await this.db.transaction().execute(async (trx) => {
      for (const chunk of chunks(writes.map((write) => write.record.id), ID_CHUNK)) {
        await trx.deleteFrom('affectedPackages').where('advisoryId', 'in', chunk).execute();
      }
      for (const chunk of chunks(advisories, ADVISORY_CHUNK)) {
        await trx
          .insertInto('advisories')
          .values(chunk)
          .onConflict((conflict) =>
            conflict.column('id').doUpdateSet((eb) => ({
              modified: eb.ref('excluded.modified'),
              published: eb.ref('excluded.published'),
              withdrawn: eb.ref('excluded.withdrawn'),
              summary: eb.ref('excluded.summary'),
              aliases: eb.ref('excluded.aliases'),
              upstream: eb.ref('excluded.upstream'),
              severity: eb.ref('excluded.severity'),
              severityLabel: eb.ref('excluded.severityLabel'),
              source: eb.ref('excluded.source'),
              raw: eb.ref('excluded.raw'),
              importedAt: eb.ref('excluded.importedAt'),
            })),
          )
          .execute();
      }
      for (const chunk of chunks(affected, AFFECTED_CHUNK)) await trx.insertInto('affectedPackages').values(chunk).execute();
    });
  }

  /** Live (not withdrawn) advisories and affected packages per ecosystem, sorted by ecosystem. */
  async countsByEcosystem(): Promise<Array<{ ecosystem: string; advisories: number; packages: number }>> {
    const rows = await this.db
      .selectFrom('affectedPackages')
      .select((eb) => ['ecosystem', eb.fn.count<number>('advisoryId').distinct().as('advisories'), eb.fn.count<number>('packageName').distinct().as('packages')])
      .groupBy('ecosystem')
      .orderBy('ecosystem')
      .execute();
    return rows.map((row) => ({ ecosystem: row.ecosystem, advisories: Number(row.advisories), packages: Number(row.packages) }));
  }

  /** How many advisories are live and how many are withdrawn tombstones. */
  async totals(): Promise<{ advisories: number; withdrawn: number }> {
    const rows = await this.db
      .selectFrom('advisories')
      .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.count<number>('withdrawn').as('withdrawn')])
      .executeTakeFirstOrThrow();
    return { advisories: Number(rows.count) - Number(rows.withdrawn), withdrawn: Number(rows.withdrawn) };
  }

  /** The stored record of one advisory, as imported (tombstones included). */
  async raw(id: string): Promise<unknown> {
    const row = await this.db.selectFrom('advisories').select('raw').where('id', '=', id).executeTakeFirst();
    return row ? (JSON.parse(row.raw) as unknown) : undefined;
  }
}

function advisoryRow({ record, raw, source }: AdvisoryWrite, importedAt: number): Insertable<AdvisoriesTable> {
  return {
    id: record.id,
    modified: record.modified,
    published: record.published ?? null,
    withdrawn: record.withdrawn ?? null,
    summary: record.summary ?? null,
    aliases: JSON.stringify(record.aliases),
    upstream: JSON.stringify(record.upstream),
    severity: JSON.stringify(record.severity),
    severityLabel: severityLabelOf(record.databaseSpecific),
    source,
    raw,
    importedAt,
  };
}

/** One row per affected entry that names a package; entries without one (GIT-only) cannot be looked up. */
function affectedRows(record: OsvRecord): Array<Insertable<AffectedPackagesTable>> {
  return record.affected.flatMap((affected, ordinal) =>
    affected.package
      ? [
          {
            advisoryId: record.id,
            ordinal,
            ecosystem: affected.package.ecosystem,
            packageName: affected.package.name,
            purl: affected.package.purl ?? null,
            ranges: JSON.stringify(affected.ranges),
            versions: JSON.stringify(affected.versions),
            severity: affected.severity.length > 0 ? JSON.stringify(affected.severity) : null,
            ecosystemSpecific: affected.ecosystemSpecific ? JSON.stringify(affected.ecosystemSpecific) : null,
            databaseSpecific: affected.databaseSpecific ? JSON.stringify(affected.databaseSpecific) : null,
          },
        ]
      : [],
  );
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

/** GHSA and others rate an advisory in `database_specific.severity` (e.g. "MODERATE"). */
export function severityLabelOf(databaseSpecific: Readonly<Record<string, unknown>> | undefined): string | null {
  const label = databaseSpecific?.severity;
  return typeof label === 'string' && label.trim() !== '' ? label.trim() : null;
}
