/**
 * A blob download that survives dropped connections without buffering: the
 * bytes flow straight through to the reader while being hashed, and when the
 * connection drops (ECONNRESET, "terminated", a stall) the download asks the
 * registry again from the first byte not yet delivered (`Range: bytes=N-`).
 * A registry that ignores Range answers 200 with the whole blob; the first N
 * bytes are then skipped. Either way the reader sees one continuous stream,
 * and the digest is checked over all of it: the stream ends only when the
 * bytes match, and errors with UPSTREAM_INVALID when they do not.
 */
import { createHash, type Hash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ReadableStream, ReadableStreamDefaultReader, ReadableStreamReadResult } from 'node:stream/web';
import { RegistryClientError } from './registry-client-error.js';
import { ConnectionStalledError, dropReason, isConnectionDrop } from './network-error.js';
import type { OpenedResponse } from './registry-transport.js';

export interface BlobDownloadPlan {
  digest: string;
  algorithm: string;
  /** Size from the descriptor, when known: more bytes fail, fewer count as a drop. */
  size?: number;
  host: string;
  repository: string;
  maxAttempts: number;
  idleTimeoutMs: number;
  /** Requests the blob again from byte `offset`; resolves when a 2xx's headers arrive. */
  reopen(offset: number): Promise<OpenedResponse>;
  /** Waits before attempt `attempt + 1`. */
  backoff(attempt: number): Promise<void>;
  /** Called once when the stream closes, however it closes. */
  onClose(): void;
}

type Reader = ReadableStreamDefaultReader<Uint8Array>;

export class BlobDownload extends Readable {
  private readonly hash: Hash;
  private current: OpenedResponse;
  private reader: Reader;
  /** Bytes delivered (and hashed) so far. */
  private delivered = 0;
  /** Bytes of the current response to throw away (the registry ignored our Range). */
  private skip = 0;
  /** Drops since the last byte arrived; reset by progress. */
  private failures = 0;

  constructor(
    opened: OpenedResponse,
    private readonly plan: BlobDownloadPlan,
  ) {
    super();
    this.hash = createHash(plan.algorithm);
    this.current = opened;
    this.reader = bodyReader(opened, plan);
  }

  /** Bytes delivered so far (the blob's size once the stream has ended). */
  get bytesDelivered(): number {
    return this.delivered;
  }

  override _read(): void {
    this.next().then(
      (chunk) => {
        if (this.destroyed) return;
        if (chunk) {
          this.push(chunk);
          return;
        }
        const actual = `${this.plan.algorithm}:${this.hash.digest('hex')}`;
        if (actual !== this.plan.digest) {
          this.destroy(this.invalid(`arrived as ${actual}; the registry or something between us changed its bytes`));
          return;
        }
        this.push(null);
      },
      (error: unknown) => this.destroy(error as Error),
    );
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.current.abort(new ConnectionStalledError('download closed'));
    this.reader.cancel().catch(() => undefined);
    this.plan.onClose();
    callback(error);
  }

  /** The next chunk to deliver, or null at the end; resumes across dropped connections. */
  private async next(): Promise<Buffer | null> {
    for (;;) {
      let result: ReadableStreamReadResult<Uint8Array>;
      try {
        result = await this.readWithIdleTimeout();
      } catch (error) {
        if (!isConnectionDrop(error) || this.destroyed) throw error;
        await this.resumeAfterDrop(error);
        continue;
      }
      if (result.done) {
        if (this.plan.size !== undefined && this.delivered < this.plan.size) {
          // Closed cleanly but short (no Content-Length to tell undici): resume like any other drop.
          await this.resumeAfterDrop(new ConnectionStalledError(`connection closed after ${this.delivered} of ${this.plan.size} bytes`));
          continue;
        }
        return null;
      }
      let chunk = Buffer.from(result.value.buffer, result.value.byteOffset, result.value.byteLength);
      if (this.skip > 0) {
        const skipped = Math.min(this.skip, chunk.length);
        this.skip -= skipped;
        chunk = chunk.subarray(skipped);
        if (chunk.length === 0) continue;
      }
      if (this.plan.size !== undefined && this.delivered + chunk.length > this.plan.size) {
        throw this.invalid(`is larger than the ${this.plan.size} bytes its descriptor says`);
      }
      this.hash.update(chunk);
      this.delivered += chunk.length;
      this.failures = 0;
      return chunk;
    }
  }

  private async readWithIdleTimeout(): Promise<ReadableStreamReadResult<Uint8Array>> {
    // Only a read we are waiting on can stall; a slow reader of this stream is backpressure, not a stall.
    const timer = setTimeout(() => this.current.abort(new ConnectionStalledError(`no data for ${this.plan.idleTimeoutMs} ms`)), this.plan.idleTimeoutMs);
    try {
      return await this.reader.read();
    } finally {
      clearTimeout(timer);
    }
  }

  private async resumeAfterDrop(cause: unknown): Promise<void> {
    this.failures += 1;
    this.current.abort(new ConnectionStalledError('resuming'));
    await this.reader.cancel().catch(() => undefined);
    if (this.failures >= this.plan.maxAttempts) {
      const { host, repository, digest } = this.plan;
      throw new RegistryClientError(
        'UPSTREAM_UNREACHABLE',
        `blob ${repository}@${digest} from ${host}: the connection dropped ${this.failures} times in a row (${dropReason(cause)}) after ${this.delivered} bytes`,
        { cause, detail: { host, repository } },
      );
    }
    await this.plan.backoff(this.failures);
    if (this.destroyed) throw new ConnectionStalledError('download closed');
    const opened = await this.plan.reopen(this.delivered);
    const { response } = opened;
    this.current = opened;
    this.reader = bodyReader(opened, this.plan);
    if (response.status === 206) {
      const start = /^bytes\s+(\d+)-/i.exec(response.headers.get('content-range') ?? '')?.[1];
      if (Number(start) !== this.delivered) throw this.invalid(`was resumed at byte ${start ?? '?'} instead of ${this.delivered}`);
      this.skip = 0;
    } else {
      this.skip = this.delivered;
    }
  }

  private invalid(what: string): RegistryClientError {
    const { host, repository, digest } = this.plan;
    return new RegistryClientError('UPSTREAM_INVALID', `blob ${repository}@${digest} from ${host} ${what}`, { detail: { host, repository } });
  }
}

function bodyReader(opened: OpenedResponse, plan: BlobDownloadPlan): Reader {
  if (!opened.response.body) {
    throw new RegistryClientError('UPSTREAM_INVALID', `blob ${plan.repository}@${plan.digest} from ${plan.host} came without a body`, { detail: { host: plan.host, repository: plan.repository } });
  }
  return (opened.response.body as unknown as ReadableStream<Uint8Array>).getReader();
}
