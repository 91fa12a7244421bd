/**
 * One Airlock per describe block for registry integration tests: started in
 * beforeAll on the given database engine, with a team whose quarantine
 * repositories the tests push to, and an admin RegistryClient.
 */
import { afterAll, beforeAll } from 'vitest';
import { ADMIN, basicAuth, startAirlock, type TestAirlock, type TestAirlockOptions } from './airlock.js';
import { RegistryClient } from './registry-client.js';
import type { DatabaseEngine } from './test-database.js';

export interface RegistryFixture {
  readonly airlock: TestAirlock;
  /** Authenticated as ADMIN with Basic credentials. */
  readonly client: RegistryClient;
  readonly team: string;
  /** `quarantine/<team>/<name>`: the gated layout's pushable repository. */
  repo(name: string): string;
}

export function useRegistry(engine: DatabaseEngine, team = 'conformance', options: Omit<TestAirlockOptions, 'engine'> = {}): RegistryFixture {
  let airlock: TestAirlock | undefined;
  let client: RegistryClient | undefined;
  beforeAll(async () => {
    airlock = await startAirlock({ ...options, engine });
    await airlock.createTeam(team);
    client = new RegistryClient(airlock.url, basicAuth(ADMIN));
  });
  afterAll(async () => {
    await airlock?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the registry fixture is used before beforeAll ran');
    return value;
  };
  return {
    get airlock() {
      return started(airlock);
    },
    get client() {
      return started(client);
    },
    team,
    repo: (name) => `quarantine/${team}/${name}`,
  };
}
