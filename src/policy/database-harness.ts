/** Test-only: a migrated database on either engine, removed afterwards. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, type DatabaseHandle } from '../db/index.js';
import { createPostgresDatabase, type DatabaseEngine } from '../../test/helpers/test-database.js';

export async function testDatabase(engine: DatabaseEngine): Promise<DatabaseHandle & { cleanup: () => Promise<void> }> {
  const directory = await mkdtemp(path.join(tmpdir(), 'airlock-policy-test-'));
  const handle = await openDatabase(engine === 'postgres' ? await createPostgresDatabase() : path.join(directory, 'airlock.db'));
  return {
    ...handle,
    cleanup: async () => {
      await handle.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** A clock tests move by hand. */
export function manualClock(start: number): { now: () => number; advance: (ms: number) => void; set: (ms: number) => void } {
  let current = start;
  return { now: () => current, advance: (ms) => (current += ms), set: (ms) => (current = ms) };
}
