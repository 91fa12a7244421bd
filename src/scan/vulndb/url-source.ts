/**
 * An OSV zip served over HTTP(S) (osv.dev's bucket, or a mirror). The body is
 * streamed to a temporary file, never held in memory, then read as a zip; the
 * file is deleted on close. A stored ETag makes the request conditional, so an
 * unchanged export is not downloaded again.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream } from 'node:stream/web';
import type { OpenedSource } from './source-entry.js';
import { VulnDbError } from './vulndb-error.js';
import { openZipSource } from './zip-source.js';

export interface UrlSourceOptions {
  /** ETag of the previous download: a 304 answer yields a source with nothing to read. */
  etag?: string;
  fetch?: typeof fetch;
  /** Where the download is kept while it is read (default: the system temp directory). */
  tempDir?: string;
  /** Abort when no byte arrives for this long (default 60 s). */
  idleTimeoutMs?: number;
}

export async function openUrlSource(url: string, options: UrlSourceOptions = {}): Promise<OpenedSource> {
  const idleTimeoutMs = options.idleTimeoutMs ?? 60_000;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`no data for ${idleTimeoutMs} ms`)), idleTimeoutMs);
  try {
    const response = await request(url, options, controller.signal);
    if (response.status === 304) return notModified(url, options.etag);
    const directory = await mkdtemp(path.join(options.tempDir ?? tmpdir(), 'airlock-osv-'));
    const file = path.join(directory, 'all.zip');
    const removeDownload = () => rm(directory, { recursive: true, force: true });
    try {
      const keepAlive = new Transform({
        transform(chunk, _encoding, callback) {
          timer.refresh();
          callback(null, chunk);
        },
      });
      await pipeline(Readable.fromWeb(response.body as ReadableStream), keepAlive, createWriteStream(file));
    } catch (error) {
      await removeDownload();
      throw new VulnDbError('SOURCE_UNREACHABLE', `download of ${url} failed: ${reasonOf(error)}`, { cause: error });
    }
    return await openZipSource(file, { location: url, kind: 'url', etag: response.headers.get('etag') ?? undefined, onClose: removeDownload });
  } finally {
    clearTimeout(timer);
  }
}

async function request(url: string, options: UrlSourceOptions, signal: AbortSignal): Promise<Response> {
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, { headers: options.etag ? { 'if-none-match': options.etag } : {}, signal, redirect: 'follow' });
  } catch (error) {
    throw new VulnDbError('SOURCE_UNREACHABLE', `cannot download ${url}: ${reasonOf(error)}`, { cause: error });
  }
  if (response.status === 304) return response;
  if (!response.ok || !response.body) {
    await response.body?.cancel().catch(() => undefined);
    const hint = response.status === 404 ? ' (is the ecosystem name right? OSV names are case-sensitive, e.g. PyPI, crates.io)' : '';
    throw new VulnDbError('SOURCE_UNREACHABLE', `cannot download ${url}: HTTP ${response.status} ${response.statusText}${hint}`);
  }
  return response;
}

function notModified(url: string, etag: string | undefined): OpenedSource {
  return {
    location: url,
    kind: 'url',
    total: 0,
    notModified: true,
    etag,
    entries: async function* () {},
    close: async () => undefined,
  };
}

/** The most specific reason fetch gives: undici hides ECONNREFUSED and friends in `cause`. */
function reasonOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
