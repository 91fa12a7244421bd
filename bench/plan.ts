/** How much work each benchmark does: the full plan behind RESULTS.md, and a quick smoke run. */
import type { BlobPushPlan } from './blob-push.js';
import type { ManifestLatencyPlan } from './manifest-latency.js';
import { MiB } from './statistics.js';

export interface BenchPlan {
  name: 'full' | 'quick';
  transferIterations: number;
  manifests: ManifestLatencyPlan;
  blobPush: BlobPushPlan;
  largeBlobBytes: number;
  largeBlobRounds: number;
}

export const FULL_PLAN: BenchPlan = {
  name: 'full',
  transferIterations: 7,
  manifests: { warmup: 2_000, short: 1_000, long: 20_000, sequential: 2_000, connections: 200 },
  blobPush: { blobs: 100, blobBytes: MiB, rounds: 5 },
  largeBlobBytes: 2 * 1024 * MiB,
  largeBlobRounds: 3,
};

/** `tsx bench/run.ts --quick`: checks the harness in a minute; does not touch RESULTS.md. */
export const QUICK_PLAN: BenchPlan = {
  name: 'quick',
  transferIterations: 1,
  manifests: { warmup: 200, short: 1_000, long: 2_000, sequential: 200, connections: 200 },
  blobPush: { blobs: 100, blobBytes: MiB, rounds: 1 },
  largeBlobBytes: 64 * MiB,
  largeBlobRounds: 1,
};
