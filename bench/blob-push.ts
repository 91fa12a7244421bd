/**
 * Many small blob pushes at once: N concurrent monolithic uploads (POST, then
 * PUT ?digest= with the body) of distinct random content, the pattern of a
 * client pushing many layers in parallel. Content and digests are made before
 * the clock starts; each round uses a fresh repository.
 */
import { randomBytes } from 'node:crypto';
import { pushBlob, sha256 } from './registry-http.js';
import type { BenchServer } from './servers.js';
import { settle } from './settle.js';
import { median, megabytesPerSecond, timed } from './statistics.js';

export interface BlobPushPlan {
  blobs: number;
  blobBytes: number;
  rounds: number;
}

export interface BlobPushResult {
  totalBytes: number;
  roundSeconds: number[];
  medianSeconds: number;
  mbPerSecond: number;
}

export async function measureBlobPush(server: BenchServer, plan: BlobPushPlan): Promise<BlobPushResult> {
  // Warm-up: first connections and the credential cache.
  await pushBlob(server, server.repository('blob-push-warmup'), randomBytes(1024));
  const roundSeconds: number[] = [];
  for (let round = 1; round <= plan.rounds; round++) {
    const repository = server.repository(`blob-push-${round}`);
    const blobs = Array.from({ length: plan.blobs }, () => randomBytes(plan.blobBytes));
    const digests = blobs.map((blob) => sha256(blob));
    await settle();
    const { seconds } = await timed(() => Promise.all(blobs.map((blob, i) => pushBlob(server, repository, blob, digests[i]))));
    roundSeconds.push(seconds);
  }
  const totalBytes = plan.blobs * plan.blobBytes;
  const medianSeconds = median(roundSeconds);
  return { totalBytes, roundSeconds, medianSeconds, mbPerSecond: megabytesPerSecond(totalBytes, medianSeconds) };
}
