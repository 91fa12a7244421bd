/**
 * A client for any OCI Distribution registry, made for mirroring public images
 * and reading images to scan: anonymous or credentialed pulls (Basic, the
 * Docker token flow, or a bearer token), tag listing with pagination, digest
 * verification of everything it returns, blob downloads that resume across
 * dropped connections, bounded concurrency, and rate-limit awareness (it waits
 * or fails fast rather than hammer a registry that asked for a pause).
 *
 * @example
 * const client = new RegistryClient({ host: 'registry-1.docker.io', onWait: (w) => log.info(w, 'waiting') });
 * const index = await client.manifest('grafana/grafana', '11.0.0');
 * for (const entry of selectPlatforms(index, ['linux/amd64', 'linux/arm64'])) { … }
 * await client.copyBlob('grafana/grafana', layer.digest, createWriteStream(file), { size: layer.size });
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { parseDigest } from '../digest.js';
import { MANIFEST_MEDIA_TYPES, MediaType } from '../media-types.js';
import { BlobDownload } from './blob-download.js';
import { nextLink } from './link-header.js';
import { ConnectionStalledError, isConnectionDrop } from './network-error.js';
import type { RateLimitInfo } from './rate-limit.js';
import { RegistryClientError } from './registry-client-error.js';
import { resolveOptions, type RegistryClientOptions, type ResolvedRegistryClientOptions } from './registry-client-options.js';
import { RegistryTransport, type RegistryRequest } from './registry-transport.js';

export interface FetchedManifest {
  content: Buffer;
  mediaType: string;
  digest: string;
}

export interface BlobOptions {
  /** The descriptor's size: a blob that grows past it fails at once, one that falls short is resumed. */
  size?: number;
}

/** Consumes a blob download (e.g. a store's upload); it must read the stream to its end to get the verified blob. */
export type BlobWriter = (body: Readable) => Promise<unknown>;

const ACCEPT_MANIFESTS = [...MANIFEST_MEDIA_TYPES, MediaType.dockerSchema1Signed].join(', ');
const MAX_MANIFEST_BYTES = 8 * 1024 * 1024;
const MAX_TAG_PAGE_BYTES = 16 * 1024 * 1024;
const tagListSchema = z.looseObject({ tags: z.array(z.string()).nullish() });

export class RegistryClient {
  private readonly options: ResolvedRegistryClientOptions;
  private readonly transport: RegistryTransport;

  /** @throws RegistryClientError REGISTRY_HOST_INVALID when `host` is not host[:port]. */
  constructor(options: RegistryClientOptions) {
    this.options = resolveOptions(options);
    this.transport = new RegistryTransport(this.options);
  }

  /**
   * A manifest or index by tag or digest, verified: by digest it must hash to
   * that digest; by tag it must hash to the Docker-Content-Digest announced.
   * @throws RegistryClientError UPSTREAM_NOT_FOUND, UPSTREAM_UNAUTHORIZED, UPSTREAM_INVALID, UPSTREAM_RATE_LIMITED, UPSTREAM_UNREACHABLE
   */
  async manifest(repository: string, reference: string): Promise<FetchedManifest> {
    const separator = reference.includes(':') ? '@' : ':';
    const what = `manifest ${repository}${separator}${reference}`;
    const request: RegistryRequest = { kind: 'manifest', repository, path: `/v2/${repository}/manifests/${reference}`, headers: { accept: ACCEPT_MANIFESTS }, what };
    const { response, content } = await this.transport.withSlot(() => this.readSmall(request, MAX_MANIFEST_BYTES));
    const byDigest = separator === '@';
    const announced = response.headers.get('docker-content-digest') ?? undefined;
    const expected = byDigest ? reference : announced && /^sha(256|512):[0-9a-f]+$/.test(announced) ? announced : undefined;
    const algorithm = expected ? parseDigest(expected).algorithm : 'sha256';
    const actual = `${algorithm}:${createHash(algorithm).update(content).digest('hex')}`;
    if (expected && actual !== expected) {
      throw new RegistryClientError('UPSTREAM_INVALID', `${what} from ${this.options.host} hashes to ${actual}, not ${expected}`, { detail: { host: this.options.host, repository } });
    }
    const mediaType = (response.headers.get('content-type') ?? '').split(';')[0]?.trim() || MediaType.ociManifest;
    const digest = algorithm === 'sha256' ? actual : `sha256:${createHash('sha256').update(content).digest('hex')}`;
    return { content, mediaType, digest: byDigest ? reference : digest };
  }

  /**
   * Every tag of `repository`, following `Link: <…>; rel="next"` pages.
   * @param options.pageSize asks for pages of this many tags (`?n=`); the registry's default otherwise.
   * @throws RegistryClientError UPSTREAM_TOO_LARGE beyond `maxTags`; UPSTREAM_NOT_FOUND for an unknown repository.
   */
  async tags(repository: string, options: { pageSize?: number } = {}): Promise<string[]> {
    const what = `tags of ${repository}`;
    const tags: string[] = [];
    const visited = new Set<string>();
    let path: string | undefined = `/v2/${repository}/tags/list${options.pageSize ? `?n=${options.pageSize}` : ''}`;
    while (path) {
      if (visited.has(path)) throw new RegistryClientError('UPSTREAM_INVALID', `${this.options.host} paginated the ${what} in a loop`, { detail: { host: this.options.host, repository } });
      visited.add(path);
      const request: RegistryRequest = { kind: 'tags', repository, path, headers: { accept: 'application/json' }, what };
      const { response, content } = await this.transport.withSlot(() => this.readSmall(request, MAX_TAG_PAGE_BYTES));
      const page = tagListSchema.safeParse(parseJson(content));
      if (!page.success) throw new RegistryClientError('UPSTREAM_INVALID', `${this.options.host} answered the ${what} with something that is not a tag list`, { detail: { host: this.options.host, repository } });
      tags.push(...(page.data.tags ?? []));
      if (tags.length > this.options.maxTags) {
        throw new RegistryClientError('UPSTREAM_TOO_LARGE', `${repository} on ${this.options.host} has more than ${this.options.maxTags} tags; mirror chosen tags instead, or raise maxTags`, {
          detail: { host: this.options.host, repository, maxTags: this.options.maxTags },
        });
      }
      path = nextLink(response.headers.get('link'));
    }
    return tags;
  }

  /**
   * Streams a blob. The stream resumes by itself when the connection drops
   * (up to `maxAttempts` drops in a row), ends only when the bytes match
   * `digest`, and errors with UPSTREAM_INVALID when they do not — so a reader
   * must treat data as good only once the stream has ended.
   *
   * The stream holds one of the client's `concurrency` slots until it ends or
   * is destroyed: read it to the end or destroy it.
   */
  async blob(repository: string, digest: string, options: BlobOptions = {}): Promise<BlobDownload> {
    const { algorithm } = parseDigest(digest);
    const request: RegistryRequest = { kind: 'blob', repository, path: `/v2/${repository}/blobs/${digest}`, headers: { 'accept-encoding': 'identity' }, what: `blob ${repository}@${digest}` };
    const release = await this.transport.slot();
    try {
      const opened = await this.transport.open(request);
      return new BlobDownload(opened, {
        digest,
        algorithm,
        size: options.size,
        host: this.options.host,
        repository,
        maxAttempts: this.options.maxAttempts,
        idleTimeoutMs: this.options.idleTimeoutMs,
        reopen: (offset) => this.transport.open({ ...request, headers: { ...request.headers, range: `bytes=${offset}-` } }),
        backoff: (attempt) => this.transport.backoff(attempt),
        onClose: release,
      });
    } catch (error) {
      release();
      throw error;
    }
  }

  /**
   * Streams a blob into `sink` without buffering it: either a writable stream
   * (a file, a hash) or a function handed the verified download (a
   * write-verify-commit store's upload). Dropped connections are repaired
   * inside the stream by resuming (Range) where it broke, so the sink is
   * written once, front to back, and never has to restart; the function form
   * is called exactly once. Resolves when the bytes are verified and the sink
   * has finished. On any failure — digest mismatch, too many drops — a
   * writable sink is destroyed with the error (never ended) and the function's
   * stream errors, so a store discards the partial blob.
   */
  async copyBlob(repository: string, digest: string, sink: NodeJS.WritableStream | BlobWriter, options: BlobOptions = {}): Promise<void> {
    const download = await this.blob(repository, digest, options);
    if (typeof sink !== 'function') {
      await pipeline(download, sink);
      return;
    }
    try {
      await sink(download);
    } finally {
      // A writer that returned early (it already had the blob) must not keep the connection and its slot.
      if (!download.readableEnded) download.destroy();
    }
    if (download.errored) throw download.errored;
  }

  /** The quota the registry announced on its most recent response that carried one. */
  rateLimit(): { limit?: number; remaining?: number; windowSeconds?: number } | undefined {
    const info: RateLimitInfo | undefined = this.transport.rateLimits.info();
    if (!info) return undefined;
    const { limit, remaining, windowSeconds } = info;
    return { ...(limit !== undefined ? { limit } : {}), ...(remaining !== undefined ? { remaining } : {}), ...(windowSeconds !== undefined ? { windowSeconds } : {}) };
  }

  /** A small body (manifest, tag page), read whole within `timeoutMs`; a connection dropped mid-body is tried again. */
  private async readSmall(request: RegistryRequest, limit: number): Promise<{ response: Response; content: Buffer }> {
    for (let attempt = 1; ; attempt++) {
      const opened = await this.transport.open(request);
      const timer = setTimeout(() => opened.abort(new ConnectionStalledError(`body not complete within ${this.options.timeoutMs} ms`)), this.options.timeoutMs);
      try {
        return { response: opened.response, content: await readLimited(opened.response, limit, request, this.options.host) };
      } catch (error) {
        if (!isConnectionDrop(error)) throw error;
        if (attempt >= this.options.maxAttempts) throw this.transport.unreachable(request, error, attempt);
        await this.transport.backoff(attempt);
      } finally {
        clearTimeout(timer);
      }
    }
  }
}

async function readLimited(response: Response, limit: number, request: RegistryRequest, host: string): Promise<Buffer> {
  const tooLarge = () => new RegistryClientError('UPSTREAM_TOO_LARGE', `${request.what} from ${host} is over the ${limit}-byte limit`, { detail: { host, repository: request.repository } });
  if (Number(response.headers.get('content-length') ?? 0) > limit) {
    await response.body?.cancel();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  if (!response.body) return Buffer.alloc(0);
  const reader = response.body.getReader();
  for (let part = await reader.read(); !part.done; part = await reader.read()) {
    size += part.value.length;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(Buffer.from(part.value));
  }
  return Buffer.concat(chunks);
}

function parseJson(content: Buffer): unknown {
  try {
    return JSON.parse(content.toString('utf8'));
  } catch {
    return undefined;
  }
}
