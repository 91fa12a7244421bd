/** How much work each benchmark does: the full plan behind RESULTS.md, and a quick smoke run. */
import type { AdmissionPlan } from './admission-bench.js';
import type { BlobPushPlan } from './blob-push.js';
import type { DashboardPlan } from './dashboard-bench.js';
import type { GatePlan } from './gate-bench.js';
import type { ManifestLatencyPlan } from './manifest-latency.js';
import type { MirrorPlan } from './mirror-bench.js';
import type { ScanPlan } from './scan-bench.js';
import type { SyntheticPlan } from './scan-synthetic-files.js';
import { MB, MiB } from './statistics.js';

export interface BenchPlan {
  name: 'full' | 'quick';
  transferIterations: number;
  manifests: ManifestLatencyPlan;
  blobPush: BlobPushPlan;
  largeBlobBytes: number;
  largeBlobRounds: number;
  scan: ScanPlan;
  gate: GatePlan;
  admission: AdmissionPlan;
  mirror: MirrorPlan;
  dashboard: DashboardPlan;
}

/** ~200,000 files, ~2 GB: OS files and a dpkg database, node_modules, Python packages, a few large binaries and data files. */
const SYNTHETIC_2GB: SyntheticPlan = {
  name: 'synthetic-2gb',
  systemFiles: 74_000,
  npmPackages: 2_400,
  filesPerNpmPackage: 48,
  pythonPackages: 300,
  filesPerPythonPackage: 25,
  largeFiles: [
    { path: 'opt/models/encoder.bin', bytes: 300 * MB, executable: false },
    { path: 'opt/models/decoder.bin', bytes: 300 * MB, executable: false },
    { path: 'var/cache/app/assets.pack', bytes: 150 * MB, executable: false },
    { path: 'usr/local/bin/server', bytes: 90 * MB, executable: true },
    { path: 'usr/local/bin/migrate', bytes: 120 * MB, executable: true },
  ],
};

/** The same mix at 1/20 of the size, for the smoke run. */
const SYNTHETIC_QUICK: SyntheticPlan = {
  name: 'synthetic-quick',
  systemFiles: 3_700,
  npmPackages: 120,
  filesPerNpmPackage: 48,
  pythonPackages: 15,
  filesPerPythonPackage: 25,
  largeFiles: [
    { path: 'opt/models/encoder.bin', bytes: 30 * MB, executable: false },
    { path: 'usr/local/bin/server', bytes: 9 * MB, executable: true },
  ],
};

export const FULL_PLAN: BenchPlan = {
  name: 'full',
  transferIterations: 7,
  manifests: { warmup: 2_000, short: 1_000, long: 20_000, sequential: 2_000, connections: 200 },
  blobPush: { blobs: 100, blobBytes: MiB, rounds: 5 },
  largeBlobBytes: 2 * 1024 * MiB,
  largeBlobRounds: 3,
  scan: { rounds: 3, synthetic: SYNTHETIC_2GB, syntheticRounds: 3, matching: { rounds: 7, indexLoads: 3, inventoryTarget: 10_000 } },
  gate: {
    pushVerdict: { rounds: 5, warmPushes: 4 },
    redecision: { images: 10_000, packagesPerImage: 300, teams: 50, rounds: 3, reportRounds: 1, updatePackages: 100, singleRounds: 5 },
  },
  admission: { fleet: { images: 5_000, teams: 50, versions: 5 }, rate: 500, rateSeconds: 20, rateConnections: 10, warmupSeconds: 3, maxConnections: 50, maxSeconds: 10 },
  mirror: { rounds: 3 },
  dashboard: { images: 10_000, teams: 25, calls: 1_000, referenceCalls: 200, loads: 15 },
};

/** `tsx bench/run.ts --quick`: checks the harness in a minute; does not touch RESULTS.md. */
export const QUICK_PLAN: BenchPlan = {
  name: 'quick',
  transferIterations: 1,
  manifests: { warmup: 200, short: 1_000, long: 2_000, sequential: 200, connections: 200 },
  blobPush: { blobs: 100, blobBytes: MiB, rounds: 1 },
  largeBlobBytes: 64 * MiB,
  largeBlobRounds: 1,
  scan: { rounds: 1, synthetic: SYNTHETIC_QUICK, syntheticRounds: 1, matching: { rounds: 1, indexLoads: 1, inventoryTarget: 1_000 } },
  gate: {
    pushVerdict: { rounds: 1, warmPushes: 2 },
    redecision: { images: 500, packagesPerImage: 300, teams: 10, rounds: 1, reportRounds: 1, updatePackages: 100, singleRounds: 2 },
  },
  admission: { fleet: { images: 2_000, teams: 20, versions: 5 }, rate: 500, rateSeconds: 5, rateConnections: 10, warmupSeconds: 1, maxConnections: 50, maxSeconds: 3 },
  mirror: { rounds: 1 },
  dashboard: { images: 1_000, teams: 25, calls: 100, referenceCalls: 20, loads: 2 },
};
