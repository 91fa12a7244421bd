/**
 * Streams the entries of a layer tar without extracting anything to disk,
 * enforcing the limits that keep hostile layers (bombs, millions of entries)
 * from exhausting memory or time.
 */
import { Transform, type Readable } from 'node:stream';
import tar from 'tar-stream';
import { normaliseEntryPath } from './image-path.js';
import type { EntryKind, EntryLimits, LayerEntry } from './layer-entry.js';
import { LayerError } from './layer-error.js';
import { detachable } from './detachable-stream.js';

const KINDS: Record<string, EntryKind> = {
  file: 'file',
  'contiguous-file': 'file',
  directory: 'directory',
  symlink: 'symlink',
  link: 'hardlink',
};

export interface TarEntryOptions {
  limits: EntryLimits;
  /** Problems that do not stop the walk (a missing end-of-archive marker). */
  onProblem(message: string): void;
}

export async function* tarEntries(source: Readable, options: TarEntryOptions): AsyncGenerator<LayerEntry> {
  const extract = tar.extract();
  source.on('error', (error) => extract.destroy(error));
  const limiter = byteLimiter(options.limits.maxLayerBytes);
  limiter.on('error', (error) => extract.destroy(error));
  source.pipe(limiter).pipe(extract);
  let count = 0;
  let lastEntryRead = true;
  try {
    for await (const raw of extract) {
      count += 1;
      if (count > options.limits.maxEntries) throw new LayerError('LAYER_LIMIT_EXCEEDED', `layer has more than ${options.limits.maxEntries} entries`);
      const header = raw.header;
      const entryStream = raw as unknown as Readable;
      const path = normaliseEntryPath(header.name);
      if (path === undefined) throw aboveRoot(`tar entry "${header.name.slice(0, 200)}"`);
      const kind = KINDS[header.type ?? 'file'] ?? 'other';
      const hardlinkTarget = kind === 'hardlink' ? normaliseEntryPath(header.linkname ?? '') : undefined;
      if (kind === 'hardlink' && hardlinkTarget === undefined) throw aboveRoot(`hard link ${path} -> "${(header.linkname ?? '').slice(0, 200)}"`);
      lastEntryRead = false;
      entryStream.once('end', () => {
        lastEntryRead = true;
      });
      let view: ReturnType<typeof detachable> | undefined;
      yield {
        path,
        kind,
        size: header.size ?? 0,
        mode: header.mode ?? 0,
        linkTarget: kind === 'hardlink' ? hardlinkTarget : (header.linkname ?? undefined),
        content: () => (view ??= detachable(entryStream)).stream,
      };
      if (view) await view.finished;
      else entryStream.resume();
    }
  } catch (error) {
    if (error instanceof LayerError) throw error;
    // Older umoci leaves off the last entry's padding and the end-of-archive blocks (umoci#436): every byte
    // of every entry is there, so the layer is whole — say so, and keep the analysis.
    if (lastEntryRead && /unexpected end of data/i.test((error as Error).message)) {
      options.onProblem('layer ends without the tar end-of-archive marker; every entry was read');
      return;
    }
    throw new LayerError('LAYER_CORRUPT', `layer is not a readable tar archive: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * An entry or hard link above the root refuses the layer rather than being skipped: Docker refuses such a
 * layer ("breakout") but containerd clamps the path into the root, so a skipped entry — a vulnerable
 * package, a rewritten dpkg status — would land in the running container without the scanner seeing it.
 */
function aboveRoot(what: string): LayerError {
  return new LayerError('LAYER_UNSUPPORTED', `${what} climbs above the image root: runtimes disagree on where it lands (Docker refuses the layer, containerd writes it inside the root), so the layer cannot be judged`);
}

function byteLimiter(maxBytes: number): Transform {
  let total = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      total += chunk.length;
      if (total > maxBytes) callback(new LayerError('LAYER_LIMIT_EXCEEDED', `layer decompresses to more than ${maxBytes} bytes`));
      else callback(null, chunk);
    },
  });
}
