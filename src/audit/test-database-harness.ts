/**
 * Test databases for the audit part's tests: a SQLite file in a temp directory
 * or a fresh PostgreSQL database on the server the global setup started.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { createPostgresDatabase, type DatabaseEngine } from '../../test/helpers/test-database.js';
import { openDatabase, type DatabaseHandle } from '../db/index.js';
import { AuditLog } from './audit-log.js';

export { DATABASE_ENGINES, type DatabaseEngine } from '../../test/helpers/test-database.js';

export interface TestDatabase {
  handle: DatabaseHandle;
  /** What openDatabase was given, to open a second pool ("replica") on the same database. */
  url: string;
  /** Closes every handle opened through it and removes SQLite's temp directory. */
  close(): Promise<void>;
  /** Another handle on the same database, closed with this one. */
  openAnother(): Promise<DatabaseHandle>;
}

export async function openTestDatabase(engine: DatabaseEngine): Promise<TestDatabase> {
  const dir = engine === 'sqlite' ? await mkdtemp(path.join(tmpdir(), 'airlock-audit-')) : undefined;
  const url = dir ? path.join(dir, 'airlock.db') : await createPostgresDatabase();
  const handles = [await openDatabase(url)];
  return {
    handle: handles[0] as DatabaseHandle,
    url,
    openAnother: async () => {
      const another = await openDatabase(url);
      handles.push(another);
      return another;
    },
    close: async () => {
      for (const h of handles) await h.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Drops the append-only triggers, as someone with owner rights on the database could, so tests can tamper. */
export async function allowTampering(handle: DatabaseHandle): Promise<void> {
  if (handle.dialect === 'postgres') await sql`drop trigger audit_log_append_only on audit_log`.execute(handle.db);
  else {
    await sql`drop trigger audit_log_no_update`.execute(handle.db);
    await sql`drop trigger audit_log_no_delete`.execute(handle.db);
  }
}

/** A clock that starts at `start` and moves `step` ms each time it is read. */
export function steppingClock(start = Date.UTC(2025, 0, 1), step = 1000): () => number {
  let next = start;
  return () => {
    const now = next;
    next += step;
    return now;
  };
}

/** Appends `count` entries numbered in their details, one after another. */
export async function appendEntries(log: AuditLog, count: number): Promise<void> {
  for (let i = 1; i <= count; i += 1) {
    await log.append({ actor: `user:u${i % 3}`, action: i % 2 ? 'image.pushed' : 'image.approved', target: `quarantine/acme/app${i}@sha256:${'a'.repeat(64)}`, details: { i } });
  }
}
