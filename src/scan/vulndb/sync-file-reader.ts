/**
 * A yauzl RandomAccessReader over a local file that reads synchronously. A zip
 * of OSV records is thousands of reads of a few hundred bytes; through the
 * thread pool each costs a round trip, synchronously it costs a syscall —
 * about eight times faster on osv.dev's zips. Callbacks still run on a later
 * turn (setImmediate), so yauzl sees asynchronous I/O and the event loop breathes.
 */
import { closeSync, readSync } from 'node:fs';
import { PassThrough, type Readable } from 'node:stream';
import yauzl from 'yauzl';

export class SyncFileReader extends yauzl.RandomAccessReader {
  private closed = false;

  constructor(private readonly fd: number) {
    super();
  }

  override read(buffer: Buffer, offset: number, length: number, position: number, callback: (error: Error | null) => void): void {
    let failure: Error | null = null;
    try {
      this.readFully(buffer, offset, length, position);
    } catch (error) {
      failure = error as Error;
    }
    setImmediate(() => callback(failure));
  }

  override _readStreamForRange(start: number, end: number): Readable {
    const stream = new PassThrough();
    const buffer = Buffer.allocUnsafe(end - start);
    try {
      this.readFully(buffer, 0, buffer.length, start);
      stream.end(buffer);
    } catch (error) {
      setImmediate(() => stream.destroy(error as Error));
    }
    return stream;
  }

  override close(callback: (error: Error | null) => void): void {
    let failure: Error | null = null;
    if (!this.closed) {
      this.closed = true;
      try {
        closeSync(this.fd);
      } catch (error) {
        failure = error as Error;
      }
    }
    setImmediate(() => callback(failure));
  }

  private readFully(buffer: Buffer, offset: number, length: number, position: number): void {
    let done = 0;
    while (done < length) {
      const read = readSync(this.fd, buffer, offset + done, length - done, position + done);
      if (read === 0) throw new Error(`unexpected end of file at byte ${position + done}`);
      done += read;
    }
  }
}
