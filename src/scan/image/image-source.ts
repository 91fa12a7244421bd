/** Something `airlock scan` can take apart: its layers (bottom first), and what its manifest and config say. */
import type { Readable } from 'node:stream';
import { ScanTargetError } from './scan-target-error.js';

export interface LayerRef {
  /** Content digest (compressed blob digest, or the diff ID for Docker archives); the layer cache key. */
  digest: string;
  mediaType?: string;
  size?: number;
  /** The layer's bytes as stored (compressed or not; the walk detects which). */
  open(): Promise<Readable>;
}

export interface ImageConfigSummary {
  created?: string;
  architecture?: string;
  os?: string;
  variant?: string;
  labels?: Record<string, string>;
}

export interface ImageSource {
  /** As the user named it. */
  name: string;
  /** Manifest digest, for images. */
  digest?: string;
  platform?: string;
  config?: ImageConfigSummary;
  /** Image layers; empty for a root filesystem directory. */
  layers: LayerRef[];
  /** Set instead of layers when the target is an unpacked root filesystem. */
  rootfs?: string;
  close(): Promise<void>;
}

export interface PlatformWanted {
  os: string;
  architecture: string;
  variant?: string;
}

/** linux/amd64 unless told otherwise: what most clusters run. */
export const DEFAULT_PLATFORM: PlatformWanted = { os: 'linux', architecture: 'amd64' };

export function parsePlatform(text: string): PlatformWanted {
  const [os, architecture, variant, ...rest] = text.split('/');
  if (!os || !architecture || rest.length > 0) throw new ScanTargetError('TARGET_INVALID', `platform "${text}" is not os/arch[/variant], e.g. linux/arm64`);
  return { os, architecture, ...(variant ? { variant } : {}) };
}

export function formatPlatform(platform: { os?: string; architecture?: string; variant?: string }): string | undefined {
  if (!platform.os || !platform.architecture) return undefined;
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}
