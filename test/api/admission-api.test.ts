/**
 * GET /api/v1/admission/snapshot and /changes: who may read the feed, and what
 * a change is — an image's record or one of its tags written since the cursor
 * (read with an overlap, so a late commit is not lost).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageStore } from '../../src/gate/index.js';
import { startAirlock, type Credentials, type TestAirlock } from '../helpers/airlock.js';
import { DATABASE_ENGINES } from '../helpers/test-database.js';

const T0 = Date.parse('2025-06-01T12:00:00Z');
const DIGEST = `sha256:${'a'.repeat(64)}`;
let now = T0;
let airlock: TestAirlock;
let viewer: Credentials;

interface Page {
  cursor: string;
  readAt: string;
  images: Array<{ repository: string; quarantineRepository: string; digest: string; state: string; tags: string[]; quarantineTags: string[]; reasons: unknown[] }>;
}

const feed = (path: string, auth: Credentials = viewer) => airlock.api<Page>('GET', `/admission/${path}`, undefined, auth);

/** A manifest row and a tag pointing at it, as a push or a promotion leaves them. */
async function tag(repository: string, name: string): Promise<void> {
  const db = airlock.server.database.db;
  await db.insertInto('repositories').values({ name: repository, createdAt: now }).onConflict((c) => c.doNothing()).execute();
  await db.insertInto('manifests').values({ repository, digest: DIGEST, mediaType: 'application/vnd.oci.image.manifest.v1+json', artifactType: null, subject: null, annotations: null, size: 2, content: Buffer.from('{}'), createdAt: now }).onConflict((c) => c.doNothing()).execute();
  await db.insertInto('tags').values({ repository, name, digest: DIGEST, updatedAt: now }).execute();
}

describe.each(DATABASE_ENGINES)('the admission feed (%s)', (engine) => {
  beforeAll(async () => {
    now = T0;
    airlock = await startAirlock({ engine, clock: () => now });
    await airlock.createTeam('acme');
    viewer = await airlock.createUser('webhook', 'viewer');
  });
  afterAll(() => airlock?.close());

  it('is read by admins, security and viewers only', async () => {
    expect((await feed('snapshot')).status).toBe(200);
    expect((await feed('snapshot', await airlock.createUser('sec', 'security'))).status).toBe(200);
    const developer = await airlock.createUser('dev', 'developer', [{ team: 'acme', role: 'developer' }]);
    expect(await feed('snapshot', developer)).toMatchObject({ status: 403, body: { error: { message: expect.stringContaining('webhooks use a viewer account') } } });
    const robot = await airlock.createToken('acme', 'puller');
    const response = await fetch(`${airlock.url}/api/v1/admission/snapshot`, { headers: { authorization: `Bearer ${robot.token}` } });
    expect(response.status).toBe(403);
    expect((await fetch(`${airlock.url}/api/v1/admission/snapshot`)).status).toBe(401);
  });

  it('refuses a missing or foreign cursor', async () => {
    expect(await feed('changes')).toMatchObject({ status: 400, body: { error: { code: 'INVALID' } } });
    expect(await feed('changes?since=yesterday')).toMatchObject({ status: 400, body: { error: { message: expect.stringContaining('give the cursor') } } });
  });

  it('gives a snapshot, then each change once it happens, with an overlap', async () => {
    const snapshot = await feed('snapshot');
    expect(snapshot.body).toEqual({ cursor: `v1.${T0}`, readAt: new Date(T0).toISOString(), images: [] });

    now += 60_000;
    const images = new ImageStore(airlock.server.database.db, () => now);
    const { image } = await images.recordPush({ repository: 'quarantine/acme/api', digest: DIGEST, team: 'acme', mediaType: 'application/vnd.oci.image.manifest.v1+json', tag: '1.0' });
    await tag('quarantine/acme/api', '1.0');
    const pushed = await feed(`changes?since=${snapshot.body.cursor}`);
    expect(pushed.body.images).toEqual([{ repository: 'acme/api', quarantineRepository: 'quarantine/acme/api', digest: DIGEST, state: 'received', tags: [], quarantineTags: ['1.0'], reasons: [] }]);

    // Promotion writes the approved tag after the state: the tag alone is a change of the image.
    now += 60_000;
    await images.update(image, { state: 'approved' }, 'scan', undefined);
    now += 60_000;
    await tag('acme/api', '1.0');
    const approved = await feed(`changes?since=${pushed.body.cursor}`);
    expect(approved.body.images).toEqual([expect.objectContaining({ state: 'approved', tags: ['1.0'], quarantineTags: ['1.0'] })]);

    // Within the overlap the same image comes again (harmless); after it, nothing.
    now += 10_000;
    expect((await feed(`changes?since=${approved.body.cursor}`)).body.images).toHaveLength(1);
    now += 60_000;
    const quiet = await feed(`changes?since=${approved.body.cursor.replace(/\d+$/, String(now - 10_000))}`);
    expect(quiet.body.images).toEqual([]);

    const full = await feed('snapshot');
    expect(full.body.images).toEqual([expect.objectContaining({ repository: 'acme/api', state: 'approved', tags: ['1.0'], quarantineTags: ['1.0'] })]);
  });

  it('carries the reasons of images that may not run', async () => {
    const images = new ImageStore(airlock.server.database.db, () => now);
    const { image } = await images.recordPush({ repository: 'quarantine/acme/worker', digest: DIGEST, team: 'acme', mediaType: 'application/vnd.oci.image.manifest.v1+json', tag: '2' });
    const reasons = [{ rule: 'no-critical', message: 'critical', vulnerability: 'CVE-2021-44906', package: 'minimist', installedVersion: '1.2.0', fixedVersion: '1.2.6', severity: 'critical', platform: 'linux/amd64' }];
    await images.update(image, { state: 'rejected', reasons: JSON.stringify(reasons) }, 'scan', undefined);
    const snapshot = await feed('snapshot');
    // The feed carries what a message needs; which platform failed is not part of it.
    const expected: Record<string, unknown> = { ...reasons[0] };
    delete expected.platform;
    expect(snapshot.body.images.find((entry) => entry.repository === 'acme/worker')).toMatchObject({ state: 'rejected', reasons: [expected] });
  });
});
