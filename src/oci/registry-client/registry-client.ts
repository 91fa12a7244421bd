/**
 * A client for any OCI Distribution registry: anonymous or credentialed pulls,
 * the Docker token flow, Basic auth, retries with Retry-After on 429 and 5xx,
 * and digest verification of everything it returns. The mirror (issue #6)
 * builds on it; the scanner uses it to read images from registries.
 */
import { createHash } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { parseDigest } from '../digest.js';
import { MANIFEST_MEDIA_TYPES, MediaType } from '../media-types.js';
import { RegistryClientError } from './registry-client-error.js';
import { parseChallenge, type Challenge } from './www-authenticate.js';

export interface RegistryCredentials {
  username: string;
  password: string;
}

export interface RegistryClientOptions {
  /** host[:port] of the registry API. */
  host: string;
  /** Plain HTTP (and no TLS) instead of HTTPS. */
  insecure?: boolean;
  credentials?: RegistryCredentials;
  /** Attempts for a request that meets 429 or 5xx. */
  maxAttempts?: number;
  /** Upper bound on one wait between attempts. */
  maxRetryDelayMs?: number;
  userAgent?: string;
}

export interface FetchedManifest {
  content: Buffer;
  mediaType: string;
  digest: string;
}

const ACCEPT_MANIFESTS = [...MANIFEST_MEDIA_TYPES, MediaType.dockerSchema1Signed].join(', ');
const MAX_MANIFEST_BYTES = 8 * 1024 * 1024;
const HEADER_TIMEOUT_MS = 60_000;

export class RegistryClient {
  private readonly base: string;
  private readonly tokens = new Map<string, string>();
  private basic = false;

  constructor(private readonly options: RegistryClientOptions) {
    this.base = `${options.insecure ? 'http' : 'https'}://${options.host}`;
  }

  async manifest(repository: string, reference: string): Promise<FetchedManifest> {
    const response = await this.request('GET', repository, `/v2/${repository}/manifests/${reference}`, { accept: ACCEPT_MANIFESTS });
    const content = await readLimited(response, MAX_MANIFEST_BYTES);
    const byDigest = reference.includes(':');
    const algorithm = byDigest ? parseDigest(reference).algorithm : 'sha256';
    const digest = `${algorithm}:${createHash(algorithm).update(content).digest('hex')}`;
    const announced = response.headers.get('docker-content-digest');
    if ((byDigest && digest !== reference) || (!byDigest && announced && announced.startsWith('sha256:') && announced !== digest)) {
      throw new RegistryClientError('UPSTREAM_INVALID', `manifest ${repository}:${reference} from ${this.options.host} does not match its digest`);
    }
    const mediaType = (response.headers.get('content-type') ?? '').split(';')[0]?.trim() || MediaType.ociManifest;
    return { content, mediaType, digest };
  }

  /** Streams a blob, failing the stream if its bytes do not hash to `digest`. */
  async blob(repository: string, digest: string): Promise<Readable> {
    const { algorithm } = parseDigest(digest);
    const response = await this.request('GET', repository, `/v2/${repository}/blobs/${digest}`, {});
    if (!response.body) throw new RegistryClientError('UPSTREAM_INVALID', `blob ${digest} came without a body`);
    const hash = createHash(algorithm);
    const verify = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        callback(null, chunk);
      },
      flush(callback) {
        const actual = `${algorithm}:${hash.digest('hex')}`;
        callback(actual === digest ? null : new RegistryClientError('UPSTREAM_INVALID', `blob ${digest} arrived as ${actual}`));
      },
    });
    const body = Readable.fromWeb(response.body as unknown as WebReadableStream<Uint8Array>);
    body.on('error', (error) => verify.destroy(error));
    return body.pipe(verify);
  }

  private async request(method: string, repository: string, path: string, headers: Record<string, string>): Promise<Response> {
    const scope = `repository:${repository}:pull`;
    const attempts = this.options.maxAttempts ?? 4;
    for (let attempt = 1; ; attempt++) {
      let response = await this.send(method, path, headers, scope);
      if (response.status === 401) {
        await response.body?.cancel();
        await this.authenticate(parseChallenge(response.headers.get('www-authenticate')), scope);
        response = await this.send(method, path, headers, scope);
      }
      if (response.ok) return response;
      await response.body?.cancel();
      if ((response.status === 429 || response.status >= 500) && attempt < attempts) {
        await delay(retryDelay(response, attempt, this.options.maxRetryDelayMs ?? 30_000));
        continue;
      }
      throw failure(response, this.options.host, path);
    }
  }

  private async send(method: string, path: string, headers: Record<string, string>, scope: string): Promise<Response> {
    const authorization = this.authorization(scope);
    try {
      return await fetch(`${this.base}${path}`, {
        method,
        headers: { ...headers, 'user-agent': this.options.userAgent ?? 'airlock', ...(authorization ? { authorization } : {}) },
        signal: AbortSignal.timeout(HEADER_TIMEOUT_MS),
      });
    } catch (error) {
      const reason = (error as Error & { cause?: { code?: string; message?: string } }).cause?.code ?? (error as Error).message;
      throw new RegistryClientError('UPSTREAM_UNREACHABLE', `cannot reach ${this.base} (${reason})`, { cause: error });
    }
  }

  private authorization(scope: string): string | undefined {
    const token = this.tokens.get(scope);
    if (token) return `Bearer ${token}`;
    const credentials = this.options.credentials;
    return this.basic && credentials ? `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}` : undefined;
  }

  private async authenticate(challenge: Challenge | undefined, scope: string): Promise<void> {
    if (challenge?.scheme === 'basic') {
      if (!this.options.credentials) throw new RegistryClientError('UPSTREAM_UNAUTHORIZED', `${this.options.host} needs credentials`);
      this.basic = true;
      return;
    }
    const realm = challenge?.params.realm;
    if (!realm) throw new RegistryClientError('UPSTREAM_UNAUTHORIZED', `${this.options.host} refused the request without saying how to authenticate`);
    const url = new URL(realm);
    if (challenge.params.service) url.searchParams.set('service', challenge.params.service);
    url.searchParams.set('scope', challenge.params.scope ?? scope);
    const credentials = this.options.credentials;
    const response = await fetch(url, {
      headers: credentials ? { authorization: `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}` } : {},
      signal: AbortSignal.timeout(HEADER_TIMEOUT_MS),
    }).catch((error: unknown) => {
      throw new RegistryClientError('UPSTREAM_UNREACHABLE', `cannot reach the token service ${url.origin}`, { cause: error });
    });
    if (!response.ok) {
      throw new RegistryClientError('UPSTREAM_UNAUTHORIZED', `${url.origin} refused a token (${response.status})${credentials ? '' : '; the image may need credentials'}`);
    }
    const body = (await response.json().catch(() => ({}))) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (!token) throw new RegistryClientError('UPSTREAM_INVALID', `${url.origin} answered without a token`);
    this.tokens.set(scope, token);
  }
}

function failure(response: Response, host: string, path: string): RegistryClientError {
  if (response.status === 401 || response.status === 403) return new RegistryClientError('UPSTREAM_UNAUTHORIZED', `${host} denied ${path} (${response.status}); check the credentials`);
  if (response.status === 404) return new RegistryClientError('UPSTREAM_NOT_FOUND', `${host} has no ${path}`);
  if (response.status === 429) return new RegistryClientError('UPSTREAM_RATE_LIMITED', `${host} is rate limiting us; try again later`);
  return new RegistryClientError('UPSTREAM_UNREACHABLE', `${host} answered ${response.status} for ${path}`);
}

/** Retry-After (seconds or a date) when given, else exponential backoff; never beyond `cap`. */
function retryDelay(response: Response, attempt: number, cap: number): number {
  const header = response.headers.get('retry-after');
  const seconds = header && /^\d+$/.test(header) ? Number(header) * 1000 : header ? Date.parse(header) - Date.now() : Number.NaN;
  const wanted = Number.isFinite(seconds) && seconds >= 0 ? seconds : 250 * 2 ** (attempt - 1);
  return Math.min(wanted, cap);
}

async function readLimited(response: Response, limit: number): Promise<Buffer> {
  const announced = Number(response.headers.get('content-length') ?? 0);
  if (announced > limit) throw new RegistryClientError('UPSTREAM_INVALID', `manifest of ${announced} bytes is over the ${limit}-byte limit`);
  const content = Buffer.from(await response.arrayBuffer());
  if (content.length > limit) throw new RegistryClientError('UPSTREAM_INVALID', `manifest is over the ${limit}-byte limit`);
  return content;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
