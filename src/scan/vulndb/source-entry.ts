
export type SourceKind = 'url' | 'zip' | 'directory';

/** One JSON file of a source, or why it could not be read (reported as an invalid record, not an abort). */
export type SourceEntry = { name: string; content: Buffer } | { name: string; problem: string };

export interface OpenedSource {
  /** The URL, or the absolute path of the zip or directory. */
  readonly location: string;
  readonly kind: SourceKind;
  /** How many entries `entries()` will yield, when known before reading (for progress). */
  readonly total: number | undefined;
  /** The server answered 304 Not Modified to a conditional download: nothing to read. */
  readonly notModified: boolean;
  /** The download's ETag, kept for the next conditional request. */
  readonly etag: string | undefined;
  entries(): AsyncIterable<SourceEntry>;
  /** Releases file handles and deletes any downloaded temporary file. Safe to call twice. */
  close(): Promise<void>;
}

/** Largest single JSON record read; the biggest real OSV records are a few hundred KiB. */
export const MAX_ENTRY_BYTES = 32 * 1024 * 1024;

export function isJsonEntry(name: string): boolean {
  return name.toLowerCase().endsWith('.json');
}
