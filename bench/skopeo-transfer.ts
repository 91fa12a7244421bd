/**
 * Push and pull of a real ~130 MB image (the `pyapp` test image) with Debian's
 * skopeo. Every iteration runs against a freshly started server with an empty
 * data directory, so every blob really crosses the wire: skopeo's blob-info
 * cache would otherwise turn a later push into a cross-repository mount.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPOSITORY_ROOT, withServer, type BenchServer, type ServerKind } from './servers.js';
import { settle } from './settle.js';
import { median, megabytesPerSecond, timed } from './statistics.js';

const run = promisify(execFile);
export const SKOPEO_BIN = '/usr/bin/skopeo';
const LAYOUT = path.join(REPOSITORY_ROOT, '.cache', 'test-images', 'oci');
const IMAGE_TAG = 'pyapp';

export interface TransferResult {
  /** Bytes moved per copy: manifest + config + layers. */
  imageBytes: number;
  pushSeconds: number[];
  pullSeconds: number[];
  pushMedian: number;
  pullMedian: number;
  pushMBps: number;
  pullMBps: number;
}

/**
 * Runs one untimed round, then `iterations` timed rounds; each round copies
 * once per server, alternating the servers so slow drift of the machine hits
 * both alike.
 */
export async function measureSkopeoTransfer(kinds: readonly ServerKind[], iterations: number): Promise<Record<ServerKind, TransferResult>> {
  const imageBytes = await imageSize();
  const runs = new Map<ServerKind, { push: number[]; pull: number[] }>(kinds.map((kind) => [kind, { push: [], pull: [] }]));
  // Untimed warm-up round: page cache for the source layout, skopeo's own start-up.
  for (const kind of kinds) await transferOnce(kind, 0);
  for (let n = 1; n <= iterations; n++) {
    for (const kind of kinds) {
      const { push, pull } = await transferOnce(kind, n);
      runs.get(kind)?.push.push(push);
      runs.get(kind)?.pull.push(pull);
    }
  }
  const results: Partial<Record<ServerKind, TransferResult>> = {};
  for (const [kind, { push, pull }] of runs) results[kind] = summarize(imageBytes, push, pull);
  return results as Record<ServerKind, TransferResult>;
}

/** One push and one pull against a freshly started server. @returns seconds for each. */
async function transferOnce(kind: ServerKind, n: number): Promise<{ push: number; pull: number }> {
  return withServer(kind, async (server) => {
    const remote = `docker://${server.host}/${server.repository('pyapp')}:${n}`;
    await settle();
    const push = await timed(() => skopeoCopy(['--dest-tls-verify=false', ...creds(server, 'dest')], `oci:${LAYOUT}:${IMAGE_TAG}`, remote));
    const back = await mkdtemp(path.join(os.tmpdir(), 'bench-pull-'));
    try {
      await settle();
      const pull = await timed(() => skopeoCopy(['--src-tls-verify=false', ...creds(server, 'src')], remote, `oci:${back}:${IMAGE_TAG}`));
      return { push: push.seconds, pull: pull.seconds };
    } finally {
      await rm(back, { recursive: true, force: true });
    }
  });
}

function summarize(imageBytes: number, pushSeconds: number[], pullSeconds: number[]): TransferResult {
  const pushMedian = median(pushSeconds);
  const pullMedian = median(pullSeconds);
  return {
    imageBytes,
    pushSeconds,
    pullSeconds,
    pushMedian,
    pullMedian,
    pushMBps: megabytesPerSecond(imageBytes, pushMedian),
    pullMBps: megabytesPerSecond(imageBytes, pullMedian),
  };
}

/** Fails with what to do when the test images have not been built yet. */
export function assertTestImage(): void {
  if (!existsSync(path.join(LAYOUT, 'index.json'))) {
    throw new Error(
      `${LAYOUT} is missing: run \`npm test\` once (it builds the test images) or \`scripts/make-test-images .cache/test-images\` (needs root, debootstrap, umoci)`,
    );
  }
}

async function imageSize(): Promise<number> {
  assertTestImage();
  const index = JSON.parse(await readFile(path.join(LAYOUT, 'index.json'), 'utf8')) as { manifests: Descriptor[] };
  const entry = index.manifests.find((m) => m.annotations?.['org.opencontainers.image.ref.name'] === IMAGE_TAG);
  if (!entry) throw new Error(`${LAYOUT} has no ${IMAGE_TAG} image`);
  const manifest = JSON.parse(await readFile(blobPath(entry.digest), 'utf8')) as { config: Descriptor; layers: Descriptor[] };
  return entry.size + manifest.config.size + manifest.layers.reduce((sum, layer) => sum + layer.size, 0);
}

interface Descriptor {
  digest: string;
  size: number;
  annotations?: Record<string, string>;
}

function blobPath(digest: string): string {
  const [algorithm, hex] = digest.split(':');
  return path.join(LAYOUT, 'blobs', algorithm ?? '', hex ?? '');
}

export function creds(server: BenchServer, side: 'src' | 'dest'): string[] {
  return server.credentials === undefined ? [`--${side}-no-creds`] : [`--${side}-creds`, server.credentials];
}

export async function skopeoCopy(options: string[], from: string, to: string): Promise<void> {
  try {
    await run(SKOPEO_BIN, ['copy', '--quiet', ...options, from, to], { timeout: 300_000, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const failure = error as Error & { stderr?: string };
    throw new Error(`skopeo copy ${from} ${to} failed: ${failure.stderr ?? failure.message}`);
  }
}
