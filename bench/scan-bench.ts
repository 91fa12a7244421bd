/**
 * The scan benchmark, run by `bench/run.ts` (alone with `--only scan`):
 * `airlock scan` of real and synthetic images as a child process, cold (a copy
 * of a data directory with every staged advisory imported, no layer analysed
 * yet) and warm (the same data directory again), next to the floor (gunzip +
 * untar of the same layers), matching throughput, and the package managers'
 * own listings as peers for the inventory part.
 */
import { cliStartupSeconds, scanOnce, type ScanRun } from './scan-cli.js';
import { FLOOR_KINDS, floorOnce, warmPageCache, type FloorKind, type WalkCount } from './scan-floor.js';
import { TEST_LAYOUT, compressedBytes, ociImage, type BenchImage } from './scan-images.js';
import { measureMatching, type MatchingPlan, type MatchingResult } from './scan-matching.js';
import { inventoryPeers, peerAvailability, toolVersion, type InventoryPeer, type PeerAvailability } from './scan-peers.js';
import { syntheticImage, type SyntheticStats } from './scan-synthetic-image.js';
import type { SyntheticPlan } from './scan-synthetic-files.js';
import { coldDataDir, prepareDatabase, removeDataDirs, type PreparedDatabase } from './scan-vulndb.js';
import { settle } from './settle.js';
import { median } from './statistics.js';

export interface ScanPlan {
  /** Cold scans, warm scans and floor walks per real image; also CLI start-ups and peer listings. */
  rounds: number;
  /** The synthetic image; undefined leaves it out. */
  synthetic: SyntheticPlan | undefined;
  syntheticRounds: number;
  matching: MatchingPlan;
}

export interface ScanSeries {
  seconds: number[];
  median: number;
  /** Highest VmHWM of any run. */
  hwmBytes: number;
  /** Highest sampled VmRSS of any run. */
  peakRssBytes: number;
}

export interface ImageResult {
  label: string;
  target: string;
  layers: number;
  compressedBytes: number;
  walk: WalkCount;
  packages: number;
  findings: number;
  errors: string[];
  cold: ScanSeries;
  warm: ScanSeries;
  floors: Record<FloorKind, { seconds: number[]; median: number }>;
}

export interface ScanResults {
  database: Omit<PreparedDatabase, 'template'>;
  startup: { seconds: number[]; median: number };
  images: ImageResult[];
  synthetic: { stats: SyntheticStats; generatedSeconds: number | undefined; result: ImageResult } | undefined;
  matching: MatchingResult;
  peers: PeerAvailability[];
  inventoryPeers: InventoryPeer[];
  tools: Record<'gzip' | 'tar' | 'dpkg' | 'npm', string>;
}

export async function measureScan(plan: ScanPlan, progress: (message: string) => void): Promise<ScanResults> {
  try {
    progress('scan: importing the staged OSV advisories into a template data directory');
    const database = await prepareDatabase();
    progress('scan: CLI start-up');
    const startup: number[] = [];
    for (let n = 0; n < plan.rounds; n++) startup.push(await cliStartupSeconds());
    const images: ImageResult[] = [];
    for (const [label, tag] of [['bookworm (debian)', 'debian'], ['nodeapp', 'nodeapp']] as const) {
      progress(`scan: ${label}`);
      images.push(await measureImage(await ociImage(label, TEST_LAYOUT, tag), database, plan.rounds));
    }
    const synthetic = plan.synthetic ? await measureSynthetic(plan.synthetic, database, plan.syntheticRounds, progress) : undefined;
    progress('scan: matching throughput');
    const matching = await measureMatching(database.template, plan.matching);
    progress('scan: peers');
    const [peers, inventory] = [await peerAvailability(), await inventoryPeers(plan.rounds)];
    const tools = { gzip: await toolVersion('gzip'), tar: await toolVersion('tar'), dpkg: await toolVersion('dpkg-query'), npm: await toolVersion('npm') };
    const { importSeconds, records, advisories } = database;
    return { database: { importSeconds, records, advisories }, startup: { seconds: startup, median: median(startup) }, images, synthetic, matching, peers, inventoryPeers: inventory, tools };
  } finally {
    await removeDataDirs();
  }
}

async function measureSynthetic(plan: SyntheticPlan, database: PreparedDatabase, rounds: number, progress: (message: string) => void): Promise<ScanResults['synthetic']> {
  progress(`scan: synthetic image ${plan.name} (generated once into .cache/bench-images)`);
  const generated = await syntheticImage(plan);
  if (generated.generatedSeconds !== undefined) progress(`scan: generated in ${generated.generatedSeconds.toFixed(0)} s`);
  return { stats: generated.stats, generatedSeconds: generated.generatedSeconds, result: await measureImage(generated.image, database, rounds) };
}

/** Floors, then cold scans (each on a fresh copy of the template), then warm scans on the last cold run's data directory. */
async function measureImage(image: BenchImage, database: PreparedDatabase, rounds: number): Promise<ImageResult> {
  await warmPageCache(image);
  const floorSeconds = Object.fromEntries(FLOOR_KINDS.map((kind) => [kind, [] as number[]])) as Record<FloorKind, number[]>;
  let walk: WalkCount = { entries: 0, dataBytes: 0 };
  for (let n = 0; n < rounds; n++) {
    for (const kind of FLOOR_KINDS) {
      const floor = await floorOnce(image, kind);
      floorSeconds[kind].push(floor.seconds);
      if (kind === 'node-default') walk = floor.count;
    }
  }
  const cold: ScanRun[] = [];
  let dataDir = '';
  for (let n = 0; n < rounds; n++) {
    dataDir = await coldDataDir(database);
    await settle();
    cold.push(await scanOnce(image.target, dataDir));
  }
  const warm: ScanRun[] = [];
  for (let n = 0; n < rounds; n++) {
    await settle();
    warm.push(await scanOnce(image.target, dataDir));
  }
  const last = cold[cold.length - 1] as ScanRun;
  const floors = Object.fromEntries(FLOOR_KINDS.map((kind) => [kind, { seconds: floorSeconds[kind], median: median(floorSeconds[kind]) }])) as ImageResult['floors'];
  return {
    label: image.label,
    target: image.target,
    layers: image.layers.length,
    compressedBytes: compressedBytes(image),
    walk,
    packages: last.packages,
    findings: last.findings,
    errors: last.errors,
    cold: series(cold),
    warm: series(warm),
    floors,
  };
}

function series(runs: readonly ScanRun[]): ScanSeries {
  const seconds = runs.map((run) => run.seconds);
  return { seconds, median: median(seconds), hwmBytes: Math.max(...runs.map((run) => run.hwmBytes)), peakRssBytes: Math.max(...runs.map((run) => run.peakRssBytes)) };
}
