/**
 * What a running Airlock holds behind its HTTP API, for tests that must prove a
 * refused or interrupted request left nothing behind: upload sessions and
 * staging files no client can reach any more, repositories that appeared.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TestAirlock } from './airlock.js';

export interface RegistryState {
  uploadSessions: number;
  uploadFiles: number;
  repositories: string[];
}

export async function registryState(airlock: TestAirlock): Promise<RegistryState> {
  const { db } = airlock.server.database;
  const sessions = await db.selectFrom('uploads').select('id').execute();
  const files: string[] = [];
  for await (const upload of airlock.server.store.listUploads()) files.push(upload.id);
  const repositories = (await db.selectFrom('repositories').select('name').execute()).map((row) => row.name).sort();
  return { uploadSessions: sessions.length, uploadFiles: files.length, repositories };
}

/**
 * Polls until `registryState` equals `expected`: the server may still be
 * unwinding a request whose client vanished. @returns the last state seen.
 */
export async function settledState(airlock: TestAirlock, expected: RegistryState, timeoutMs = 5000): Promise<RegistryState> {
  const deadline = Date.now() + timeoutMs;
  let state = await registryState(airlock);
  while (JSON.stringify(state) !== JSON.stringify(expected) && Date.now() < deadline) {
    await sleep(50);
    state = await registryState(airlock);
  }
  return state;
}

/** Files under the data directory whose path contains `fragment` (e.g. a name that tried to escape). */
export async function filesMatching(airlock: TestAirlock, fragment: string): Promise<string[]> {
  const entries = await readdir(airlock.dataDir, { recursive: true });
  return entries.filter((entry) => entry.includes(fragment)).map((entry) => path.join(airlock.dataDir, entry));
}
