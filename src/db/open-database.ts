/**
 * Opens the metadata database named by a URL: a SQLite file path (embedded
 * default) or a postgres:// URL. Migrations run on open, so every replica
 * starts on the same schema.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { CamelCasePlugin, Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { AirlockError } from '../errors/index.js';
import { dialectOf, type SqlDialectName } from './dialect-name.js';
import { migrationsFor } from './migrations/index.js';
import type { Database } from './schema.js';
import { maintainSqlite, type SqliteMaintenance } from './sqlite-maintenance.js';

export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly dialect: SqlDialectName;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export class DatabaseError extends AirlockError {
  constructor(message: string, cause?: unknown) {
    super('DATABASE_UNAVAILABLE', 503, message, { cause });
  }
}

const INT8_OID = 20;

export async function openDatabase(url: string, options: { poolSize?: number } = {}): Promise<DatabaseHandle> {
  const dialectName = dialectOf(url);
  const sqlite = dialectName === 'postgres' ? undefined : openSqlite(url);
  const db = new Kysely<Database>({
    dialect: sqlite ? new SqliteDialect({ database: sqlite }) : postgresDialect(url, options.poolSize ?? 10),
    plugins: [new CamelCasePlugin()],
  });
  try {
    await migrate(db, dialectName);
  } catch (error) {
    await db.destroy();
    throw new DatabaseError(`cannot open or migrate the database at ${redact(url)}: ${(error as Error).message}`, error);
  }
  // SQLite only: keeps the planner's statistics current (see sqlite-maintenance.ts).
  const maintenance: SqliteMaintenance | undefined = sqlite && maintainSqlite(sqlite);
  return {
    db,
    dialect: dialectName,
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: () => {
      maintenance?.stop();
      return db.destroy();
    },
  };
}

function openSqlite(file: string): SQLite.Database {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const database = new SQLite(file);
  // WAL lets readers proceed during writes and survives a killed process.
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  return database;
}

function postgresDialect(url: string, max: number): PostgresDialect {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    // bigint columns hold times and sizes well below 2^53: read them as numbers.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  return new PostgresDialect({ pool });
}

async function migrate(db: Kysely<Database>, dialect: SqlDialectName): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrationsFor(dialect) },
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');
}
