/**
 * Chooses the entries of an image index (or Docker manifest list) that a
 * mirror wants, by `os/arch[/variant]`, matching the way containerd normalises
 * platforms: `aarch64` is `arm64`, `x86_64` is `amd64`, and `arm64` without a
 * variant is `arm64/v8` (on either side).
 */
import type { Descriptor } from '../descriptor.js';
import { OciError } from '../errors.js';
import { parseManifest, type ParsedManifest } from '../manifest.js';
import { RegistryClientError } from './registry-client-error.js';

export interface PlatformSpec {
  os: string;
  architecture: string;
  variant?: string;
}

/**
 * An index as fetched (`{ content, mediaType }`, e.g. from `RegistryClient.manifest`), as parsed by
 * `parseManifest`, or just its entries (`parsed.manifests`).
 */
export type IndexInput = ParsedManifest | { content: Uint8Array; mediaType?: string; digest?: string } | readonly Descriptor[];

/**
 * @param platforms e.g. `['linux/amd64', 'linux/arm64/v8']`.
 * @returns the index's descriptors matching any requested platform, in index order, each once.
 *   A request without a variant matches every variant of that os/arch (except arm64, which means v8).
 * @throws RegistryClientError PLATFORM_NOT_FOUND naming the missing and available platforms (`detail.missing`,
 *   `detail.available`), or when the manifest is not an index; PLATFORM_INVALID for a malformed platform string;
 *   UPSTREAM_INVALID when fetched content is not a valid manifest.
 */
export function selectPlatforms(index: IndexInput, platforms: readonly string[]): Descriptor[] {
  const parsed = isDescriptorList(index) ? { kind: 'index' as const, manifests: index } : 'kind' in index ? index : parseFetched(index);
  const name = !isDescriptorList(index) && 'digest' in index && index.digest ? index.digest : 'the index';
  if (parsed.kind !== 'index') {
    throw new RegistryClientError('PLATFORM_NOT_FOUND', `${name} is a single image manifest, not an index: it has no platforms to choose from`, {
      detail: { missing: [...platforms], available: [] },
    });
  }
  const wanted = platforms.map((text) => ({ text, spec: normalise(parsePlatform(text)) }));
  const selected = new Set<Descriptor>();
  const missing: string[] = [];
  for (const { text, spec } of wanted) {
    const matches = parsed.manifests.filter((descriptor) => descriptor.platform && matchesPlatform(normalise(descriptor.platform), spec));
    if (matches.length === 0) missing.push(text);
    for (const match of matches) selected.add(match);
  }
  if (missing.length > 0) {
    const available = [...new Set(parsed.manifests.map((descriptor) => (descriptor.platform ? formatPlatform(descriptor.platform) : 'unknown')))];
    throw new RegistryClientError('PLATFORM_NOT_FOUND', `${name} has no ${missing.join(', ')} image (available: ${available.join(', ') || 'none'})`, {
      detail: { missing, available },
    });
  }
  const seen = new Set<string>();
  return parsed.manifests.filter((descriptor) => selected.has(descriptor) && !seen.has(descriptor.digest) && seen.add(descriptor.digest));
}

/** Parses `os/arch[/variant]`. @throws RegistryClientError PLATFORM_INVALID */
export function parsePlatform(text: string): PlatformSpec {
  const [os, architecture, variant, ...rest] = text.trim().split('/');
  if (!os || !architecture || rest.length > 0 || variant === '') {
    throw new RegistryClientError('PLATFORM_INVALID', `platform "${text}" is not os/arch[/variant], e.g. linux/amd64 or linux/arm64/v8`);
  }
  return { os: os.toLowerCase(), architecture: architecture.toLowerCase(), ...(variant ? { variant: variant.toLowerCase() } : {}) };
}

export function formatPlatform(platform: PlatformSpec): string {
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}

const ARCHITECTURE_ALIASES: Record<string, string> = { aarch64: 'arm64', x86_64: 'amd64', 'x86-64': 'amd64', i686: '386', i386: '386' };

function normalise(platform: PlatformSpec): PlatformSpec {
  const os = platform.os.toLowerCase();
  const architecture = ARCHITECTURE_ALIASES[platform.architecture.toLowerCase()] ?? platform.architecture.toLowerCase();
  const variant = platform.variant?.toLowerCase() || (architecture === 'arm64' ? 'v8' : undefined);
  return { os, architecture, ...(variant ? { variant } : {}) };
}

/** Both sides normalised; a wanted platform without a variant accepts any variant. */
function matchesPlatform(candidate: PlatformSpec, wanted: PlatformSpec): boolean {
  if (candidate.os !== wanted.os || candidate.architecture !== wanted.architecture) return false;
  return wanted.variant === undefined || candidate.variant === wanted.variant;
}

function isDescriptorList(index: IndexInput): index is readonly Descriptor[] {
  return Array.isArray(index);
}

function parseFetched(fetched: { content: Uint8Array; mediaType?: string; digest?: string }): ParsedManifest {
  try {
    return parseManifest(fetched.content, fetched.mediaType);
  } catch (error) {
    if (!(error instanceof OciError)) throw error;
    throw new RegistryClientError('UPSTREAM_INVALID', `${fetched.digest ?? 'the manifest'} is not a valid manifest: ${error.message}`, { cause: error });
  }
}
