/**
 * `docker-archive:<file.tar>[:<name:tag>]` — what `docker save` writes: a tar
 * with manifest.json, the image config and one tar per layer (newer Docker
 * nests an OCI layout in the same tar; both are handled by manifest.json).
 */
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { ImageSource } from './image-source.js';
import { formatPlatform } from './image-source.js';
import { ScanTargetError } from './scan-target-error.js';
import { indexTar, type TarIndexEntry } from './tar-index.js';

interface SaveManifest {
  Config: string;
  RepoTags?: string[] | null;
  Layers: string[];
}

const MAX_JSON_BYTES = 8 * 1024 * 1024;

export async function openDockerArchive(file: string, reference: string | undefined, displayName: string): Promise<ImageSource> {
  const handle = await open(file, 'r').catch((error: NodeJS.ErrnoException) => {
    throw new ScanTargetError('TARGET_NOT_FOUND', `cannot open ${file}: ${error.code ?? error.message}`);
  });
  try {
    const entries = await indexTar(handle).catch((error: Error) => {
      throw new ScanTargetError('TARGET_INVALID', `${file} is not a readable tar archive: ${error.message}`);
    });
    const manifests = await readJson<SaveManifest[]>(handle, entries, 'manifest.json', file);
    const chosen = reference === undefined ? manifests[0] : manifests.find((m) => m.RepoTags?.includes(reference));
    if (!chosen || !Array.isArray(chosen.Layers)) {
      const tags = manifests.flatMap((m) => m.RepoTags ?? []);
      throw new ScanTargetError('TARGET_NOT_FOUND', `${file} has no image${reference ? ` tagged ${reference}` : ''} (tags: ${tags.join(', ') || 'none'})`);
    }
    const config = await readJson<{ architecture?: string; os?: string; variant?: string; created?: string; config?: { Labels?: Record<string, string> }; rootfs?: { diff_ids?: string[] } }>(handle, entries, chosen.Config, file);
    const diffIds = config.rootfs?.diff_ids ?? [];
    const layers = chosen.Layers.map((name, i) => {
      const entry = entries.get(name);
      if (!entry) throw new ScanTargetError('TARGET_INVALID', `${file} lists layer ${name} but does not contain it`);
      const digest = diffIds[i] ?? (/^blobs\/(sha256)\/([a-f0-9]{64})$/.exec(name) ? name.replace(/^blobs\/(\w+)\//, '$1:') : `${file}#${name}`);
      return { digest, size: entry.size, open: async () => createReadStream(file, { start: entry.offset, end: entry.offset + entry.size - 1, highWaterMark: 1024 * 1024 }) };
    });
    return {
      name: displayName,
      platform: formatPlatform(config),
      config: { created: config.created, architecture: config.architecture, os: config.os, variant: config.variant, labels: config.config?.Labels },
      layers,
      close: async () => undefined,
    };
  } finally {
    await handle.close();
  }
}

async function readJson<T>(handle: FileHandle, entries: Map<string, TarIndexEntry>, name: string, file: string): Promise<T> {
  const entry = entries.get(name);
  if (!entry) throw new ScanTargetError('TARGET_INVALID', `${file} has no ${name}: not a docker save archive`);
  if (entry.size > MAX_JSON_BYTES) throw new ScanTargetError('TARGET_INVALID', `${name} in ${file} is too large`);
  const data = Buffer.alloc(entry.size);
  await handle.read(data, 0, entry.size, entry.offset);
  try {
    return JSON.parse(data.toString('utf8')) as T;
  } catch {
    throw new ScanTargetError('TARGET_INVALID', `${name} in ${file} is not valid JSON`);
  }
}
