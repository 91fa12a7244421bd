/**
 * The gate's scan reports live in the blob store beside image layers, in no
 * repository. `airlock gc` must keep a report blob as long as an image names it
 * as its latest report, spare a fresh one the gate has not recorded yet, and
 * free it once no image names it any more (a newer report replaced it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageStore, type ImageRow } from '../../src/gate/index.js';
import type { Digest } from '../../src/oci/index.js';
import { BlobLedger } from '../../src/registry/index.js';
import { startAirlock, type TestAirlock } from '../helpers/airlock.js';
import { DATABASE_ENGINES } from '../helpers/test-database.js';

const HOUR = 3_600_000;

describe.each(DATABASE_ENGINES)('report blobs and garbage collection (%s)', (engine) => {
  let airlock: TestAirlock;
  let offset = 0;
  const clock = () => Date.now() + offset;
  let ledger: BlobLedger;
  let images: ImageStore;

  const gc = async () => {
    const result = await airlock.api<{ blobsDeleted: number; bytesFreed: number }>('POST', '/gc', { dryRun: false });
    expect(result.status).toBe(200);
    return result.body;
  };
  const stored = (digest: string) => airlock.server.store.stat(digest as Digest);

  async function imageNaming(name: string, reportDigest: string | null, htmlReportDigest: string | null): Promise<ImageRow> {
    const digest = `sha256:${Buffer.from(name).toString('hex').padEnd(64, '0')}`;
    const { image } = await images.recordPush({ repository: `quarantine/acme/${name}`, digest, team: 'acme', mediaType: 'application/vnd.oci.image.manifest.v1+json', tag: 'v1' });
    return images.update(image, { reportDigest, htmlReportDigest }, 'test', undefined);
  }

  beforeAll(async () => {
    airlock = await startAirlock({ engine, clock, config: { gc: { blobGracePeriod: '1h' } } });
    const { db, dialect } = airlock.server.database;
    ledger = new BlobLedger(db, dialect, airlock.server.store, clock);
    images = new ImageStore(db, clock);
  });
  afterAll(() => airlock.close());

  it('keeps report blobs an image names, and frees them once no image does', async () => {
    offset = 0;
    const json = await ledger.storeContent(Buffer.from(`{"schemaVersion":1,"engine":"${engine}"}\n`));
    const html = await ledger.storeContent(Buffer.from(`<!DOCTYPE html><title>${engine}</title>\n`));
    const image = await imageNaming('kept', json.digest, html.digest);

    offset = 2 * HOUR;
    expect((await gc()).blobsDeleted).toBe(0);
    expect(await stored(json.digest)).toMatchObject({ size: json.size });
    expect(await stored(html.digest)).toMatchObject({ size: html.size });

    await images.update(image, { reportDigest: null, htmlReportDigest: null }, 'test', undefined);
    expect(await gc()).toMatchObject({ blobsDeleted: 2, bytesFreed: json.size + html.size });
    expect(await stored(json.digest)).toBeUndefined();
    expect(await stored(html.digest)).toBeUndefined();
  });

  it('keeps a report blob while any image names it, as either kind', async () => {
    offset = 0;
    const shared = await ledger.storeContent(Buffer.from(`shared report ${engine}\n`));
    const first = await imageNaming('first', shared.digest, null);
    await imageNaming('second', null, shared.digest);
    offset = 2 * HOUR;
    await images.update(first, { reportDigest: null }, 'test', undefined);
    expect((await gc()).blobsDeleted).toBe(0);
    expect(await stored(shared.digest)).toBeDefined();
  });

  it('spares a fresh report blob no image names yet, for the grace period', async () => {
    offset = 0;
    const fresh = await ledger.storeContent(Buffer.from(`not yet recorded ${engine}\n`));
    expect((await gc()).blobsDeleted).toBe(0);
    expect(await stored(fresh.digest)).toBeDefined();
    offset = 2 * HOUR;
    expect((await gc()).blobsDeleted).toBe(1);
    expect(await stored(fresh.digest)).toBeUndefined();
  });
});
