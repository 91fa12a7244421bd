/**
 * Writes an OCI image layout from a real base layer (taken from the test images'
 * layout) plus upper layers given as bytes — built by tests with tar-stream and
 * node:zlib — so that skopeo can push images no well-behaved builder makes:
 * path traversal, escaping links, corrupt compression.
 */
import { createHash } from 'node:crypto';
import { copyFile, link, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

export interface UpperLayer {
  /** The layer blob as pushed (gzip-compressed tar, or anything else on purpose). */
  blob: Buffer;
  mediaType?: string;
  /** The uncompressed tar, for the config's diff_ids; defaults to gunzip(blob), or the blob's own digest if that fails. */
  diffId?: string;
}

/** @returns the skopeo source `oci:<directory>:<ref>` */
export async function layeredImage(directory: string, baseLayout: string, baseRef: string, uppers: readonly UpperLayer[], ref = 'image'): Promise<string> {
  const blobs = path.join(directory, 'blobs', 'sha256');
  await mkdir(blobs, { recursive: true });
  const index = JSON.parse(await readFile(path.join(baseLayout, 'index.json'), 'utf8')) as { manifests: Array<{ digest: string; annotations?: Record<string, string> }> };
  const baseDigest = index.manifests.find((m) => m.annotations?.['org.opencontainers.image.ref.name'] === baseRef)?.digest;
  if (!baseDigest) throw new Error(`no ${baseRef} in ${baseLayout}`);
  const baseManifest = JSON.parse(await readFile(path.join(baseLayout, 'blobs', 'sha256', baseDigest.slice(7)), 'utf8')) as { config: { digest: string }; layers: Array<{ digest: string; size: number; mediaType: string }> };
  const baseConfig = JSON.parse(await readFile(path.join(baseLayout, 'blobs', 'sha256', baseManifest.config.digest.slice(7)), 'utf8')) as { rootfs: { diff_ids: string[] } };
  for (const layer of baseManifest.layers) await linkOrCopy(path.join(baseLayout, 'blobs', 'sha256', layer.digest.slice(7)), path.join(blobs, layer.digest.slice(7)));

  const layers = [...baseManifest.layers];
  const diffIds = [...baseConfig.rootfs.diff_ids];
  for (const upper of uppers) {
    await writeFile(path.join(blobs, sha256(upper.blob)), upper.blob);
    layers.push({ mediaType: upper.mediaType ?? 'application/vnd.oci.image.layer.v1.tar+gzip', digest: `sha256:${sha256(upper.blob)}`, size: upper.blob.length });
    diffIds.push(upper.diffId ?? `sha256:${sha256(gunzipOrSelf(upper.blob))}`);
  }
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', config: {}, rootfs: { type: 'layers', diff_ids: diffIds } }));
  await writeFile(path.join(blobs, sha256(config)), config);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: `sha256:${sha256(config)}`, size: config.length },
      layers,
    }),
  );
  await writeFile(path.join(blobs, sha256(manifest)), manifest);
  await writeFile(path.join(directory, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  await writeFile(
    path.join(directory, 'index.json'),
    JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: `sha256:${sha256(manifest)}`, size: manifest.length, annotations: { 'org.opencontainers.image.ref.name': ref } }] }),
  );
  return `oci:${directory}:${ref}`;
}

/** The digest of the image manifest `layeredImage` wrote. */
export async function layeredImageDigest(directory: string): Promise<string> {
  const index = JSON.parse(await readFile(path.join(directory, 'index.json'), 'utf8')) as { manifests: Array<{ digest: string }> };
  return index.manifests[0]?.digest as string;
}

function gunzipOrSelf(blob: Buffer): Buffer {
  try {
    return gunzipSync(blob);
  } catch {
    return blob;
  }
}

/** Hard links keep the 30 MB base layer from being copied; /tmp may be another filesystem, then it is copied. */
async function linkOrCopy(from: string, to: string): Promise<void> {
  try {
    await link(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return;
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    await copyFile(from, to);
  }
}
