/**
 * The images the scan benchmark reads: the real test images in
 * .cache/test-images/oci (built by scripts/make-test-images) and the generated
 * synthetic one in .cache/bench-images. Resolves an `oci:<dir>:<tag>` target to
 * its layer blobs on disk, so the floor can read exactly the bytes the scanner reads.
 */
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { REPOSITORY_ROOT } from './servers.js';

export const TEST_IMAGES = path.join(REPOSITORY_ROOT, '.cache', 'test-images');
export const TEST_LAYOUT = path.join(TEST_IMAGES, 'oci');
export const BENCH_IMAGES = path.join(REPOSITORY_ROOT, '.cache', 'bench-images');
/** The unpacked bookworm root filesystem the `debian` image was made from. */
export const DEBIAN_ROOTFS = path.join(TEST_IMAGES, 'rootfs-debian');
/** The /app directory (package.json + node_modules) the `nodeapp` image adds. */
export const NODE_APP_DIR = path.join(TEST_IMAGES, 'app');

export interface LayerBlob {
  digest: string;
  file: string;
  /** Compressed size on disk. */
  bytes: number;
}

export interface BenchImage {
  /** Short label for the report. */
  label: string;
  /** What `airlock scan` is given, e.g. `oci:/…/oci:debian`. */
  target: string;
  layers: LayerBlob[];
}

interface Descriptor {
  digest: string;
  size: number;
  annotations?: Record<string, string>;
}

/** Reads index.json and the tag's manifest; the image must be a single-platform manifest (as umoci and the generator write). */
export async function ociImage(label: string, layout: string, tag: string): Promise<BenchImage> {
  const index = JSON.parse(await readFile(path.join(layout, 'index.json'), 'utf8')) as { manifests: Descriptor[] };
  const chosen = index.manifests.find((m) => m.annotations?.['org.opencontainers.image.ref.name'] === tag);
  if (!chosen) throw new Error(`${layout} has no image tagged ${tag}`);
  const manifest = JSON.parse(await readFile(blobFile(layout, chosen.digest), 'utf8')) as { layers: Descriptor[] };
  const layers = await Promise.all(
    manifest.layers.map(async (layer) => {
      const file = blobFile(layout, layer.digest);
      return { digest: layer.digest, file, bytes: (await stat(file)).size };
    }),
  );
  return { label, target: `oci:${layout}:${tag}`, layers };
}

export function blobFile(layout: string, digest: string): string {
  const [algorithm, hex] = digest.split(':');
  return path.join(layout, 'blobs', algorithm ?? 'sha256', hex ?? '');
}

export function compressedBytes(image: BenchImage): number {
  return image.layers.reduce((sum, layer) => sum + layer.bytes, 0);
}

export function assertTestImages(): void {
  for (const needed of [path.join(TEST_LAYOUT, 'index.json'), path.join(DEBIAN_ROOTFS, 'var', 'lib', 'dpkg', 'status'), NODE_APP_DIR]) {
    if (!existsSync(needed)) throw new Error(`${needed} is missing: run \`npm test\` once or \`scripts/make-test-images .cache/test-images\``);
  }
}
