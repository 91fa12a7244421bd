/**
 * The fleet the re-decision benchmark starts from, stored the way the gate's
 * analyse job stores images (the fleet itself: gate-synthetic-images.ts), and
 * the 100-package database update it then imports.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../src/db/index.js';
import type { ImageRow } from '../src/gate/index.js';
import { indexKeysOf } from '../src/gate/index-keys.js';
import { judgeImage } from '../src/gate/judge-image.js';
import { recordVerdicts, type VerdictContext, type VerdictRecord } from '../src/gate/record-verdict.js';
import { catalogerKey, catalogers, DbInventoryStore, matchPackages, openTarget, scanImage, type Inventory, type VulnerabilityIndex } from '../src/scan/index.js';
import { openInProcessGate, type InProcessGate } from './gate-in-process.js';
import { languagePools, osEcosystem, prng, syntheticFleet, type AdvisoryTarget, type FleetPlan, type SyntheticImage } from './gate-synthetic-images.js';
import { TEST_LAYOUT } from './scan-images.js';
import { timed } from './statistics.js';

export interface SeedingStats {
  seconds: number;
  perImageMs: number;
  approved: number;
  rejected: number;
  /** Size of airlock.db once stored (the staged advisories included). */
  databaseBytes: number;
  /** Mean bytes per image of what a re-decision reads and writes: the stored evaluation (JSON), the inventory (gzip JSON) and the findings. */
  evaluationBytes: number;
  inventoryBytes: number;
  findings: number;
}

export interface SeededFleet {
  base: Inventory;
  /** `ecosystem\0name` (index keys, as gate_image_packages holds them) → images holding it. */
  keyCounts: Map<string, number>;
  stats: SeedingStats;
}

/**
 * What the analyse job does for each image, minus reading layers: record the
 * push (with its audit entry and event), move it to scanning, store its
 * inventory, match it, judge it, index its packages and record the verdict —
 * the same functions and rows, a hundred images per commit. Then one sweep, so
 * the sweep's cursor stands after the staged advisories. No reports are
 * written here: each timed update changes every affected image's findings, so
 * a report is rewritten whether one existed or not.
 */
export async function seedFleet(dataDir: string, plan: FleetPlan, progress: (message: string) => void): Promise<SeededFleet> {
  const base = await bookwormInventory();
  const airlock = await openInProcessGate(dataDir, { reports: false });
  try {
    const { db } = airlock.handle;
    const ctx: VerdictContext = { db, images: airlock.gate.images, ports: airlock.ports, clock: Date.now };
    const index = await airlock.ports.index();
    const keyCounts = new Map<string, number>();
    const pools = await languagePools(db);
    let done = 0;
    const { seconds } = await timed(async () => {
      let chunk: SyntheticImage[] = [];
      const flush = async () => {
        await seedImages(ctx, chunk, index);
        done += chunk.length;
        chunk = [];
        if (done % 2000 === 0) progress(`gate:   ${done.toLocaleString('en')} images stored`);
      };
      for (const image of syntheticFleet(plan, base, pools)) {
        for (const id of new Set(indexKeysOf(image.inventory.packages, image.inventory.os).map((k) => `${k.ecosystem}\0${k.name}`))) keyCounts.set(id, (keyCounts.get(id) ?? 0) + 1);
        chunk.push(image);
        if (chunk.length === SEED_CHUNK) await flush();
      }
      if (chunk.length > 0) await flush();
    });
    await sweepOnce(airlock);
    const states = await db.selectFrom('gateImages').select(['state', (eb) => eb.fn.countAll<number>().as('count')]).groupBy('state').execute();
    const count = (state: string) => Number(states.find((row) => row.state === state)?.count ?? 0);
    const sizes = await sql<{ evaluation: number; findings: number }>`select avg(length(evaluation)) as evaluation, avg(json_array_length(evaluation, '$.platforms[0].findings')) as findings from gate_images`.execute(db);
    const inventories = await sql<{ inventory: number }>`select avg(length(inventory)) as inventory from image_inventories`.execute(db);
    return {
      base,
      keyCounts,
      stats: {
        seconds,
        perImageMs: (seconds * 1000) / plan.images,
        approved: count('approved'),
        rejected: count('rejected'),
        databaseBytes: await sizeOf(db),
        evaluationBytes: Number(sizes.rows[0]?.evaluation ?? 0),
        inventoryBytes: Number(inventories.rows[0]?.inventory ?? 0),
        findings: Number(sizes.rows[0]?.findings ?? 0),
      },
    };
  } finally {
    await airlock.close();
  }
}

const SEED_CHUNK = 100;
const MEDIA_TYPE = 'application/vnd.oci.image.manifest.v1+json';
const CONFIG = { created: '2026-11-01T00:00:00Z', architecture: 'amd64', os: 'linux' };

async function seedImages(ctx: VerdictContext, images: readonly SyntheticImage[], index: VulnerabilityIndex | undefined): Promise<void> {
  const key = catalogerKey(catalogers);
  const scanning = await ctx.db.transaction().execute(async (trx) => {
    const rows: ImageRow[] = [];
    for (const image of images) {
      const subject = `${image.repository}@${image.digest}`;
      const { image: pushed } = await ctx.images.recordPush({ repository: image.repository, digest: image.digest, team: image.team, mediaType: MEDIA_TYPE, tag: image.tag }, trx);
      await ctx.ports.audit(trx, { actor: `robot:${image.team}-ci`, action: 'image.pushed', target: subject, details: { tag: image.tag, mediaType: MEDIA_TYPE } });
      await ctx.ports.publish(trx, { type: 'image.received', subject, team: image.team, data: { repository: image.repository, digest: image.digest, tag: image.tag } });
      rows.push(await ctx.images.update(pushed, { state: 'scanning', error: null }, 'scan', undefined, trx));
      await ctx.ports.publish(trx, { type: 'scan.started', subject, team: image.team, data: { repository: image.repository, digest: image.digest } });
      await new DbInventoryStore(trx).put(image.digest, key, image.inventory);
      await ctx.images.replacePackages(pushed.id, indexKeysOf(image.inventory.packages, image.inventory.os), trx);
    }
    return rows;
  });
  const records: VerdictRecord[] = [];
  for (const [n, image] of images.entries()) {
    const { inventory } = image;
    const row = scanning[n] as ImageRow;
    const findings = index ? matchPackages(inventory.packages, inventory.os, index).findings : [];
    const facts = [{ digest: image.digest, platform: 'linux/amd64', os: inventory.os, packages: inventory.packages, findings, incompleteLayers: [], config: CONFIG }];
    records.push({ image: row, verdict: await judgeImage(ctx.ports, row, facts), options: { cause: 'scan', actor: 'system', dbVersion: index?.version, initial: true } });
  }
  await recordVerdicts(ctx, records);
}

/** The bookworm test image's inventory as the scanner catalogues it. */
async function bookwormInventory(): Promise<Inventory> {
  const source = await openTarget(`oci:${TEST_LAYOUT}:debian`);
  try {
    const report = await scanImage(source, { catalogers, scannerVersion: 'bench' });
    return { ...(report.os ? { os: report.os } : {}), packages: report.packages, errors: [], warnings: [] };
  } finally {
    await source.close();
  }
}

/**
 * 5 Debian source packages of the base, affected as installed, low/medium (a
 * finding, no policy failure), and language packages drawn by how many images
 * hold them (without replacement): every fourth affects the installed version
 * with a fixable high (the default policy's `no-fixable-high`), the rest only
 * versions before the first.
 */
export function updateTargets(keyCounts: Map<string, number>, base: Inventory, count: number): AdvisoryTarget[] {
  const rand = prng(4242);
  const debian = osEcosystem(base.os);
  const sources = [...new Set(indexKeysOf(base.packages, base.os).map((key) => key.name))].sort();
  const targets: AdvisoryTarget[] = [];
  for (let n = 0; n < 5 && sources.length > 0; n++) {
    const [name] = sources.splice(Math.floor(rand() * sources.length), 1);
    targets.push({ ecosystem: debian, name: name as string, affectsInstalled: true, severity: n % 2 === 0 ? 'low' : 'medium' });
  }
  const candidates = [...keyCounts].filter(([key]) => !key.startsWith('Debian\0'));
  while (targets.length < count && candidates.length > 0) {
    const total = candidates.reduce((sum, [, images]) => sum + images, 0);
    let pick = rand() * total;
    const at = Math.max(0, candidates.findIndex(([, images]) => (pick -= images) < 0));
    const [[key]] = candidates.splice(at, 1) as [[string, number]];
    const [ecosystem = '', name = ''] = key.split('\0');
    const affectsInstalled = targets.length % 4 === 0;
    targets.push({ ecosystem, name, affectsInstalled, severity: affectsInstalled ? 'high' : 'critical' });
  }
  return targets;
}

/** Starts the gate's worker if needed, enqueues the sweep as the ticker does, and resolves when the job has completed. */
export async function sweepOnce(airlock: InProcessGate): Promise<void> {
  airlock.gate.start();
  const completed = airlock.nextCompletion('sweep');
  await airlock.gate.tick();
  await completed;
}

async function sizeOf(db: Kysely<Database>): Promise<number> {
  const pages = await sql<{ bytes: number }>`select page_count * page_size as bytes from pragma_page_count(), pragma_page_size()`.execute(db);
  return Number(pages.rows[0]?.bytes ?? 0);
}
