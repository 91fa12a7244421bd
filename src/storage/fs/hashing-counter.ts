/** A pass-through stream that counts bytes, feeds an optional hash, and enforces a byte limit. */
import type { Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { StorageError } from '../errors.js';

export class HashingCounter extends Transform {
  bytes = 0;

  constructor(
    private readonly hash: Hash | undefined,
    private readonly maxBytes = Number.POSITIVE_INFINITY,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) {
      callback(new StorageError('SIZE_INVALID', `more than the announced ${this.maxBytes} bytes were sent`));
      return;
    }
    this.hash?.update(chunk);
    callback(null, chunk);
  }
}
