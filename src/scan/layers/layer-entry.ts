/** One entry of a layer (a tar entry, or a file of a root filesystem directory), as the layer walk sees it. */
import type { Readable } from 'node:stream';

export type EntryKind = 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';

export interface LayerEntry {
  /** Absolute, normalised path (see image-path.ts). */
  path: string;
  kind: EntryKind;
  size: number;
  mode: number;
  /** Symlink target as written, or the hardlinked entry's normalised path. */
  linkTarget?: string;
  /**
   * The content, at most once per entry. A consumer that stops reading early
   * must destroy the stream; the walk then drains the rest itself.
   */
  content(): Readable;
}

export interface EntryLimits {
  /** Decompressed bytes a layer may have (decompression bombs). */
  maxLayerBytes: number;
  /** Entries a layer may have (millions of tiny entries). */
  maxEntries: number;
}

export const DEFAULT_ENTRY_LIMITS: EntryLimits = {
  maxLayerBytes: 64 * 1024 ** 3,
  maxEntries: 2_000_000,
};
