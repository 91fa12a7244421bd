/** `oci:<dir>[:<ref>]` — an OCI image layout on disk (image-spec image-layout.md), as skopeo and umoci write it. */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseDigest, type Descriptor } from '../../oci/index.js';
import type { ImageSource, PlatformWanted } from './image-source.js';
import { resolveImage, type ManifestFetcher } from './manifest-resolution.js';
import { ScanTargetError } from './scan-target-error.js';

const REF_NAME = 'org.opencontainers.image.ref.name';
const MAX_JSON_BYTES = 8 * 1024 * 1024;

export async function openOciLayout(directory: string, reference: string | undefined, platform: PlatformWanted, displayName: string): Promise<ImageSource> {
  const index = await readJson<{ manifests?: Descriptor[] }>(path.join(directory, 'index.json'), `${directory} is not an OCI layout (no index.json)`);
  const manifests = index.manifests ?? [];
  const chosen = reference === undefined ? (manifests.length === 1 ? manifests[0] : undefined) : manifests.find((m) => m.annotations?.[REF_NAME] === reference);
  if (!chosen) {
    const names = manifests.map((m) => m.annotations?.[REF_NAME]).filter(Boolean);
    const hint = reference === undefined ? 'name one' : `no "${reference}"`;
    throw new ScanTargetError('TARGET_NOT_FOUND', `${directory} holds ${manifests.length} images (${names.join(', ') || 'unnamed'}): ${hint}, e.g. oci:${directory}:${names[0] ?? 'latest'}`);
  }
  const blobPath = (digest: string) => {
    const { algorithm, hex } = parseDigest(digest);
    return path.join(directory, 'blobs', algorithm, hex);
  };
  const fetcher: ManifestFetcher = {
    manifest: (descriptor) => readBlob(blobPath(descriptor.digest), descriptor.digest),
    blob: (descriptor) => readBlob(blobPath(descriptor.digest), descriptor.digest),
  };
  const image = await resolveImage(fetcher, chosen, platform);
  return {
    name: displayName,
    digest: image.digest,
    platform: image.platform,
    config: image.config,
    layers: await Promise.all(
      image.layers.map(async (layer) => {
        const file = blobPath(layer.digest);
        await stat(file).catch(() => {
          throw new ScanTargetError('TARGET_INVALID', `layer ${layer.digest} is missing from ${directory}`);
        });
        return { digest: layer.digest, mediaType: layer.mediaType, size: layer.size, open: async () => createReadStream(file, { highWaterMark: 1024 * 1024 }) };
      }),
    ),
    close: async () => undefined,
  };
}

async function readBlob(file: string, digest: string): Promise<Buffer> {
  const info = await stat(file).catch(() => undefined);
  if (!info) throw new ScanTargetError('TARGET_INVALID', `blob ${digest} is missing from the layout`);
  if (info.size > MAX_JSON_BYTES) throw new ScanTargetError('TARGET_INVALID', `blob ${digest} is too large for a manifest or config`);
  return readFile(file);
}

async function readJson<T>(file: string, missing: string): Promise<T> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new ScanTargetError('TARGET_NOT_FOUND', missing);
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ScanTargetError('TARGET_INVALID', `${file} is not valid JSON`);
  }
}
