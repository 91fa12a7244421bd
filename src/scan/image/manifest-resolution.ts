/**
 * Shared by every image source: from a manifest or index (fetched by digest
 * through `fetchManifest`) to the platform's image manifest, its config and
 * its layers, validated with the registry's own manifest parser.
 */
import { OciError, isIndexMediaType, parseManifest, type Descriptor } from '../../oci/index.js';
import { formatPlatform, type ImageConfigSummary, type PlatformWanted } from './image-source.js';
import { ScanTargetError } from './scan-target-error.js';

export interface ResolvedImage {
  digest: string;
  platform?: string;
  config: ImageConfigSummary;
  layers: Descriptor[];
  /** Docker diff IDs from the config, bottom first (uncompressed layer digests). */
  diffIds: string[];
}

export interface ManifestFetcher {
  manifest(descriptor: { digest: string; mediaType?: string }): Promise<Buffer>;
  blob(descriptor: Descriptor): Promise<Buffer>;
}

const MAX_INDEX_DEPTH = 4;

export async function resolveImage(fetcher: ManifestFetcher, root: { digest: string; mediaType?: string }, platform: PlatformWanted, depth = 0): Promise<ResolvedImage> {
  const content = await fetcher.manifest(root);
  const parsed = parseOrExplain(content, root);
  if (isIndexMediaType(parsed.mediaType)) {
    if (depth >= MAX_INDEX_DEPTH) throw new ScanTargetError('TARGET_INVALID', 'image index nests too deeply');
    return resolveImage(fetcher, choosePlatform(parsed.manifests, platform), platform, depth + 1);
  }
  const configDescriptor = parsed.blobs[0] as Descriptor;
  const config = parseConfig(await fetcher.blob(configDescriptor));
  const manifestLayers = (JSON.parse(content.toString('utf8')) as { layers: Descriptor[] }).layers;
  return { digest: root.digest, platform: formatPlatform(config), config, layers: manifestLayers, diffIds: config.diffIds };
}

function parseOrExplain(content: Buffer, root: { digest: string; mediaType?: string }) {
  try {
    return parseManifest(content, root.mediaType);
  } catch (error) {
    if (error instanceof OciError) throw new ScanTargetError('TARGET_INVALID', `manifest ${root.digest} is not a valid image manifest: ${error.message}`, { cause: error });
    throw error;
  }
}

export function choosePlatform(manifests: readonly Descriptor[], wanted: PlatformWanted): Descriptor {
  const candidates = manifests.filter((m) => m.platform?.os === wanted.os && m.platform.architecture === wanted.architecture);
  const exact = candidates.find((m) => (wanted.variant ? m.platform?.variant === wanted.variant : true));
  const chosen = exact ?? candidates[0];
  if (!chosen) {
    const available = manifests.map((m) => formatPlatform(m.platform ?? {}) ?? 'unknown').join(', ');
    throw new ScanTargetError('PLATFORM_NOT_FOUND', `no ${formatPlatform(wanted)} image in the index (available: ${available || 'none'}); choose one with --platform`);
  }
  return chosen;
}

function parseConfig(content: Buffer): ImageConfigSummary & { diffIds: string[] } {
  let value: {
    created?: unknown;
    architecture?: unknown;
    os?: unknown;
    variant?: unknown;
    config?: { Labels?: unknown };
    rootfs?: { diff_ids?: unknown };
  };
  try {
    value = JSON.parse(content.toString('utf8')) as typeof value;
  } catch {
    throw new ScanTargetError('TARGET_INVALID', 'image config is not valid JSON');
  }
  const text = (field: unknown) => (typeof field === 'string' ? field : undefined);
  const labels = value.config?.Labels && typeof value.config.Labels === 'object' ? (value.config.Labels as Record<string, string>) : undefined;
  const diffIds = Array.isArray(value.rootfs?.diff_ids) ? value.rootfs.diff_ids.filter((id): id is string => typeof id === 'string') : [];
  return { created: text(value.created), architecture: text(value.architecture), os: text(value.os), variant: text(value.variant), labels, diffIds };
}
