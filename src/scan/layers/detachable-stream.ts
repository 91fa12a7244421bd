/**
 * Hands an entry's bytes to a consumer that may stop reading early (a Go
 * binary scan that found its build info). Backpressure flows through; once the
 * consumer lets go, the rest of the entry is drained so the archive can move on.
 */
import { PassThrough, type Readable } from 'node:stream';

export interface DetachableStream {
  stream: Readable;
  /** Resolves once the whole source has been read (by the consumer or by draining). */
  finished: Promise<void>;
}

export function detachable(source: Readable): DetachableStream {
  const view = new PassThrough();
  let detached = false;
  const detach = () => {
    if (detached) return;
    detached = true;
    source.resume();
  };
  source.on('data', (chunk: Buffer) => {
    if (detached) return;
    if (!view.write(chunk)) source.pause();
  });
  view.on('drain', () => {
    if (!detached) source.resume();
  });
  view.on('close', detach);
  const finished = new Promise<void>((resolve, reject) => {
    source.once('end', () => {
      if (!detached) view.end();
      resolve();
    });
    source.once('error', (error) => {
      view.destroy(error);
      reject(error);
    });
  });
  return { stream: view, finished };
}
