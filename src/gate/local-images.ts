/**
 * The images the gate judges, read straight from Airlock's own storage: a
 * manifest from the metadata database, its config and layers from the blob
 * store. An index yields one image per platform (attestation manifests skipped).
 */
import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import { OciError, isIndexMediaType, parseManifest, type Descriptor, type Digest } from '../oci/index.js';
import type { ImageSource } from '../scan/index.js';
import type { BlobStore } from '../storage/index.js';
import { GateError } from './gate-error.js';

export interface PlatformImage {
  digest: string;
  platform?: string;
  source: ImageSource;
}

const MAX_CONFIG_BYTES = 8 * 1024 * 1024;

export async function platformImages(db: Kysely<Database>, store: BlobStore, repository: string, digest: string): Promise<PlatformImage[]> {
  const row = await db.selectFrom('manifests').select(['content', 'mediaType']).where('repository', '=', repository).where('digest', '=', digest).executeTakeFirst();
  if (!row) throw new GateError('IMAGE_NOT_FOUND', `${repository}@${digest} is no longer in the registry`);
  let parsed;
  try {
    parsed = parseManifest(row.content, row.mediaType);
  } catch (error) {
    if (error instanceof OciError) throw new GateError('IMAGE_INVALID', `${repository}@${digest}: ${error.message}`, { cause: error });
    throw error;
  }
  if (isIndexMediaType(parsed.mediaType)) {
    const children = parsed.manifests.filter((child) => child.platform && child.platform.os !== 'unknown' && child.annotations?.['vnd.docker.reference.type'] !== 'attestation-manifest');
    const images: PlatformImage[] = [];
    for (const child of children) images.push(...(await platformImages(db, store, repository, child.digest)));
    return images;
  }
  const document = JSON.parse(row.content.toString('utf8')) as { config: Descriptor; layers?: Descriptor[] };
  const config = await readConfig(store, document.config);
  const platform = config.os && config.architecture ? [config.os, config.architecture, config.variant].filter(Boolean).join('/') : undefined;
  const source: ImageSource = {
    name: `${repository}@${digest}`,
    digest,
    platform,
    config: { created: config.created, architecture: config.architecture, os: config.os, variant: config.variant, labels: config.config?.Labels ?? undefined },
    layers: (document.layers ?? []).map((layer) => ({ digest: layer.digest, mediaType: layer.mediaType, size: layer.size, open: (): Promise<Readable> => store.read(layer.digest as Digest) })),
    close: async () => undefined,
  };
  return [{ digest, platform, source }];
}

interface ImageConfig {
  created?: string;
  os?: string;
  architecture?: string;
  variant?: string;
  config?: { Labels?: Record<string, string> | null };
}

async function readConfig(store: BlobStore, descriptor: Descriptor): Promise<ImageConfig> {
  if (descriptor.size > MAX_CONFIG_BYTES) return {};
  const chunks: Buffer[] = [];
  for await (const chunk of await store.read(descriptor.digest)) chunks.push(chunk as Buffer);
  try {
    const value = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
    return value && typeof value === 'object' ? (value as ImageConfig) : {};
  } catch {
    // An artifact's config need not be JSON: it is judged on its (empty) contents like any image.
    return {};
  }
}
