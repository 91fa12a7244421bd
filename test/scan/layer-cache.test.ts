/** Layers are analysed once: images sharing a base layer reuse its analysis, on SQLite and PostgreSQL. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/index.js';
import { DbInventoryStore, DbLayerCache, catalogers, openTarget, scanImage, type ScanProgress } from '../../src/scan/index.js';
import { createPostgresDatabase } from '../helpers/test-database.js';
import { truncatedImage } from '../helpers/truncated-image.js';

const layout = path.join(inject('testImagesDir'), 'oci');

describe.each(['sqlite', 'postgres'] as const)('the layer cache (%s)', (engine) => {
  let work: string;
  let database: DatabaseHandle;
  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'airlock-layer-cache-'));
    database = await openDatabase(engine === 'postgres' ? await createPostgresDatabase() : path.join(work, 'airlock.db'));
  });
  afterAll(async () => {
    await database.close();
    await rm(work, { recursive: true, force: true });
  });

  async function scanWithProgress(tag: string, list = catalogers, withInventories = false) {
    const events: ScanProgress[] = [];
    const target = tag.startsWith('oci:') ? tag : `oci:${layout}:${tag}`;
    const report = await scanImage(await openTarget(target), {
      scannerVersion: 'test',
      cache: new DbLayerCache(database.db),
      ...(withInventories ? { inventories: new DbInventoryStore(database.db) } : {}),
      catalogers: list,
      onProgress: (event) => events.push(event),
    });
    return { report, cached: events.flatMap((event) => (event.phase === 'layer' ? [event.cached] : [])) };
  }

  it('reuses a base layer across images, and gives the same inventory from the cache', async () => {
    const cold = await scanWithProgress('debian');
    expect(cold.cached).toEqual([false]);
    const warm = await scanWithProgress('debian');
    expect(warm.cached).toEqual([true]);
    expect(warm.report.packages).toEqual(cold.report.packages);
    const sharing = await scanWithProgress('goapp');
    expect(sharing.report.artifact.layers[0]).toBe(cold.report.artifact.layers[0]);
    expect(sharing.cached).toEqual([true, false]);
  });

  it('analyses again when the cataloger set changes, and never caches a layer it could not read to the end', async () => {
    const fewer = await scanWithProgress('debian', catalogers.filter((c) => c.name !== 'npm-installed'));
    expect(fewer.cached).toEqual([false]);
    // An upper layer that ends early: its analysis is partial and must be redone each time.
    const broken = await truncatedImage(path.join(work, 'broken'), layout, 'debian');
    await scanWithProgress(broken);
    const again = await scanWithProgress(broken);
    expect(again.cached).toEqual([true, false]);
    expect(again.report.errors.some((error) => error.includes('not a readable tar archive'))).toBe(true);
    expect(again.report.packages.find((p) => p.name === 'left-pad')?.version).toBe('1.3.0');
  });

  it('keeps each image’s inventory, so matching it again reads no layer', async () => {
    const first = await scanWithProgress('pyapp', catalogers, true);
    expect(first.cached).toEqual([false]);
    const again = await scanWithProgress('pyapp', catalogers, true);
    expect(again.cached).toEqual([]);
    expect(again.report.packages).toEqual(first.report.packages);
    expect(again.report.os).toEqual(first.report.os);
    // An image whose layer could not be read to the end is not kept: it is analysed again.
    const broken = await truncatedImage(path.join(work, 'broken-inventory'), layout, 'debian');
    await scanWithProgress(broken, catalogers, true);
    expect((await scanWithProgress(broken, catalogers, true)).cached).toEqual([true, false]);
  });
});
