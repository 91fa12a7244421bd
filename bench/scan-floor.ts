/**
 * The floor under a cold scan: only decompressing and walking the same layer
 * blobs, every byte read, nothing catalogued. Three ways, each timed over all
 * of an image's layers:
 *
 * - `gzip -dc <blob> | tar -tf - > /dev/null`: the system tools (tar must read
 *   every byte from a pipe, it cannot seek);
 * - Node: fs read stream → zlib gunzip → tar-stream extract, every entry's data
 *   consumed, with Node's defaults (64 KiB reads, 16 KiB zlib output chunks) —
 *   the same libraries the scanner is built on;
 * - the same with 1 MiB reads and 256 KiB zlib chunks: what those libraries do
 *   when tuned.
 *
 * The Node walks run in the benchmark process (no process start-up in them).
 * A layer tar that ends early (umoci 0.4.7 writes no end-of-archive blocks after
 * an `insert`) counts as walked: both tar and tar-stream stop at its last byte.
 */
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import type { BenchImage, LayerBlob } from './scan-images.js';
import { timed } from './statistics.js';

export type FloorKind = 'gzip-tar' | 'node-default' | 'node-tuned';
export const FLOOR_KINDS: readonly FloorKind[] = ['gzip-tar', 'node-default', 'node-tuned'];

export interface WalkCount {
  entries: number;
  /** Uncompressed bytes of entry data (tar headers and padding not counted). */
  dataBytes: number;
}

/** Seconds to walk every layer of `image` once with `kind`. */
export async function floorOnce(image: BenchImage, kind: FloorKind): Promise<{ seconds: number; count: WalkCount }> {
  const { seconds, value } = await timed(async () => {
    const total: WalkCount = { entries: 0, dataBytes: 0 };
    for (const layer of image.layers) {
      const count = kind === 'gzip-tar' ? await gzipTar(layer) : await nodeWalk(layer, kind === 'node-tuned');
      total.entries += count.entries;
      total.dataBytes += count.dataBytes;
    }
    return total;
  });
  return { seconds, count: value };
}

/** Reads every blob once, so no timed run pays for the first read from disk. */
export async function warmPageCache(image: BenchImage): Promise<void> {
  for (const layer of image.layers) for await (const chunk of createReadStream(layer.file, { highWaterMark: 1024 * 1024 })) void chunk;
}

function gzipTar(layer: LayerBlob): Promise<WalkCount> {
  return new Promise((resolve, reject) => {
    // tar exits 2 on a tar that ends early (see above); gzip's status must be 0.
    const script = 'gzip -dc -- "$1" | tar -tf - > /dev/null 2>&1; status="${PIPESTATUS[0]} ${PIPESTATUS[1]}"; echo "$status"';
    const child = spawn('bash', ['-c', script, 'floor', layer.file], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (output += chunk));
    child.once('error', reject);
    child.once('close', () => {
      const [gzip, tarStatus] = output.trim().split(' ');
      if (gzip !== '0' || (tarStatus !== '0' && tarStatus !== '2')) reject(new Error(`gzip -dc | tar -tf of ${layer.digest} failed: gzip ${gzip}, tar ${tarStatus}`));
      else resolve({ entries: 0, dataBytes: 0 });
    });
  });
}

async function nodeWalk(layer: LayerBlob, tuned: boolean): Promise<WalkCount> {
  const extract = tar.extract();
  const count: WalkCount = { entries: 0, dataBytes: 0 };
  const walk = (async () => {
    for await (const entry of extract) {
      count.entries++;
      for await (const chunk of entry) count.dataBytes += (chunk as Buffer).length;
    }
  })();
  const source = createReadStream(layer.file, tuned ? { highWaterMark: 1024 * 1024 } : {});
  const gunzip = createGunzip(tuned ? { chunkSize: 256 * 1024 } : {});
  const piped = pipeline(source, gunzip, extract).catch(endsEarly);
  await Promise.all([piped, walk.catch(endsEarly)]);
  return count;
}

function endsEarly(error: unknown): void {
  if (error instanceof Error && /Unexpected end of data/.test(error.message)) return;
  throw error;
}
