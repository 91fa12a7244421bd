import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../db/index.js';
import { createPostgresDatabase, DATABASE_ENGINES } from '../../../test/helpers/test-database.js';
import { MirrorStore } from './mirror-store.js';

const SOURCE = 'docker.io/grafana/grafana';
const REPOSITORY = 'quarantine/mirror/docker.io/grafana/grafana';

describe.each(DATABASE_ENGINES)('MirrorStore (%s)', (engine) => {
  let dir: string;
  let database: DatabaseHandle;
  let now = 1_000;
  let store: MirrorStore;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'airlock-mirror-store-'));
    database = await openDatabase(engine === 'postgres' ? await createPostgresDatabase() : path.join(dir, 'm.db'));
    store = new MirrorStore(database.db, () => now);
  });
  afterAll(async () => {
    await database.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('stores catalog versions, and the same text again as no change', async () => {
    expect(await store.saveCatalog('images: []\n', 'alice')).toEqual({ version: 1, changed: true });
    expect(await store.saveCatalog('images: []\n', 'bob')).toEqual({ version: 1, changed: false });
    expect(await store.saveCatalog('images: []\nschedule: 1h\n', 'bob')).toEqual({ version: 2, changed: true });
    expect(await store.latestCatalog()).toMatchObject({ version: 2, createdBy: 'bob', createdAt: 1_000 });
  });

  it('records a wanted tag once, keeps its state, and releases a hold when asked for explicitly', async () => {
    const request = { source: SOURCE, tag: '10.4.2', repository: REPOSITORY, origin: 'advisor' as const, held: true, requestedBy: 'airlock' };
    expect(await store.request(request)).toMatchObject({ state: 'queued', held: 1, origin: 'advisor', requestedAt: 1_000 });
    now = 2_000;
    await store.update(SOURCE, '10.4.2', { state: 'synced', digest: `sha256:${'a'.repeat(64)}`, syncedAt: now, bytes: 123 });
    expect(await store.request(request)).toMatchObject({ state: 'synced', held: 1, bytes: 123, syncedAt: 2_000 });
    expect(await store.request({ ...request, origin: 'pull-through', held: false })).toMatchObject({ state: 'synced', held: 0, origin: 'pull-through' });
    expect(await store.tagsOf(REPOSITORY, ['10.4.2', '9'])).toHaveLength(1);
  });

  it('remembers what the upstream offered and when each source was last synced', async () => {
    expect(await store.oldestSync([SOURCE])).toBeUndefined();
    await store.recordLook(SOURCE, { upstreamTags: ['10.4.1', '10.4.2'] });
    await store.recordLook(SOURCE, { synced: true });
    expect(await store.entry(SOURCE)).toEqual({ upstreamTags: ['10.4.1', '10.4.2'], checkedAt: 2_000, lastSyncAt: 2_000, error: null });
    now = 3_000;
    await store.recordLook(SOURCE, { error: 'cannot reach it' });
    expect(await store.entry(SOURCE)).toEqual({ upstreamTags: ['10.4.1', '10.4.2'], checkedAt: 2_000, lastSyncAt: 2_000, error: 'cannot reach it' });
    expect(await store.oldestSync([SOURCE])).toBe(2_000);
    expect(await store.oldestSync([SOURCE, 'docker.io/prom/prometheus'])).toBeUndefined();
  });
});
