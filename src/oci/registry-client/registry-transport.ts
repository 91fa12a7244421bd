/**
 * Sends one registry request the careful way: at most `concurrency` in flight,
 * held back while the announced quota is spent, authorized (credentials only
 * to the registry's own origin, redirects followed by hand so a CDN never sees
 * them), and tried again on 429, 5xx and dropped connections with the wait the
 * registry asked for or exponential backoff.
 */
import pLimit, { type LimitFunction } from 'p-limit';
import { RateLimitGate } from './rate-limit.js';
import { RegistryAuth } from './registry-auth.js';
import { RegistryClientError } from './registry-client-error.js';
import type { ResolvedRegistryClientOptions, RegistryWaitInfo } from './registry-client-options.js';
import { backoffDelay, parseRetryAfter } from './retry-delay.js';
import { upstreamFailure } from './upstream-failure.js';
import { ConnectionStalledError, dropReason, isConnectionDrop } from './network-error.js';
import { parseChallenge } from './www-authenticate.js';

export interface RegistryRequest {
  kind: 'manifest' | 'blob' | 'tags';
  repository: string;
  /** `/v2/…` path (with query), or an absolute URL on the registry's origin. */
  path: string;
  headers?: Record<string, string>;
  /** For messages: `manifest library/debian:12`. */
  what: string;
}

/** A 2xx response whose headers arrived; `abort` ends its connection (its body then errors with `reason`). */
export interface OpenedResponse {
  response: Response;
  abort(reason: Error): void;
}

const MAX_REDIRECTS = 5;

export class RegistryTransport {
  readonly rateLimits = new RateLimitGate();
  private readonly auth: RegistryAuth;
  private readonly limit: LimitFunction;

  constructor(private readonly options: ResolvedRegistryClientOptions) {
    this.auth = new RegistryAuth(options);
    this.limit = pLimit(options.concurrency);
  }

  /** Waits for one of the `concurrency` slots; call the returned function (once) to give it back. */
  slot(): Promise<() => void> {
    return new Promise((granted, failed) => {
      this.limit(() => new Promise<void>((release) => granted(once(release)))).catch(failed);
    });
  }

  /** Runs `work` holding a slot. */
  async withSlot<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.slot();
    try {
      return await work();
    } finally {
      release();
    }
  }

  /**
   * Sends `request` until a 2xx arrives or there is no point trying again.
   * Does not take a slot: the caller holds one.
   * @throws RegistryClientError with the code the final answer deserves.
   */
  async open(request: RegistryRequest): Promise<OpenedResponse> {
    const scope = `repository:${request.repository}:pull`;
    let authenticated = false;
    for (let attempt = 1; ; attempt++) {
      await this.throttle(request);
      let opened: OpenedResponse;
      try {
        opened = await this.send(request, scope);
      } catch (error) {
        if (error instanceof RegistryClientError) throw error;
        if (isConnectionDrop(error) && attempt < this.options.maxAttempts) {
          await this.backoff(attempt);
          continue;
        }
        throw this.unreachable(request, error, attempt);
      }
      const { response } = opened;
      this.rateLimits.observe(request.kind, (name) => response.headers.get(name), Date.now());
      if (response.ok) return opened;
      // Only the registry's own challenge is answered: a 401 from where it redirected (a CDN) must not draw credentials out.
      if (response.status === 401 && !authenticated && new URL(response.url || this.options.origin).origin === this.options.origin) {
        await response.body?.cancel();
        authenticated = true;
        await this.auth.authenticate(parseChallenge(response.headers.get('www-authenticate')), scope, `${request.what} on ${this.options.host}`);
        attempt--;
        continue;
      }
      const asked = parseRetryAfter(response.headers.get('retry-after'), Date.now());
      const ms = asked ?? backoffDelay(attempt, this.options.maxRetryDelayMs);
      // A 429 holds back every request of this client, not just this one: never hammer.
      if (response.status === 429) this.rateLimits.pause(Date.now() + ms);
      if ((response.status === 429 || response.status >= 500) && attempt < this.options.maxAttempts && ms <= this.options.maxRetryDelayMs) {
        await response.body?.cancel();
        // throttle() waits out a 429's pause before the next attempt.
        if (response.status !== 429) await this.wait({ reason: 'retry', ms, status: response.status, attempt: attempt + 1 });
        continue;
      }
      throw await upstreamFailure(response, { host: this.options.host, repository: request.repository, what: request.what, retryAfterMs: asked });
    }
  }

  /** Waits before attempt `attempt + 1` after a dropped connection. */
  async backoff(attempt: number): Promise<void> {
    await this.wait({ reason: 'retry', ms: backoffDelay(attempt, this.options.maxRetryDelayMs), attempt: attempt + 1 });
  }

  unreachable(request: RegistryRequest, error: unknown, attempts: number): RegistryClientError {
    const { host } = this.options;
    const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
    return new RegistryClientError('UPSTREAM_UNREACHABLE', `cannot fetch ${request.what} from ${this.options.origin}${tries} (${dropReason(error)})`, {
      cause: error,
      detail: { host, repository: request.repository },
    });
  }

  /** Holds the request back while the quota is spent or a 429 asked for a pause; fails fast when that is too long. */
  private async throttle(request: RegistryRequest): Promise<void> {
    for (let wait = this.rateLimits.waitFor(request.kind, Date.now()); wait; wait = this.rateLimits.waitFor(request.kind, Date.now())) {
      if (wait.ms > this.options.maxRetryDelayMs) {
        const retryAt = new Date(wait.until).toISOString();
        const why = wait.reason === 'quota' ? 'the rate-limit quota it announced is spent' : 'it answered 429 Too Many Requests';
        throw new RegistryClientError('UPSTREAM_RATE_LIMITED', `${this.options.host} is rate limiting ${request.what}: ${why}; retry after ${retryAt} (in ${Math.ceil(wait.ms / 1000)} s)`, {
          detail: { host: this.options.host, repository: request.repository, retryAt },
        });
      }
      await this.wait({ reason: 'rate-limit', ms: wait.ms, ...(wait.reason === 'retry-after' ? { status: 429 } : {}) });
    }
  }

  private async wait(info: RegistryWaitInfo): Promise<void> {
    this.options.onWait?.(info);
    await new Promise((resolve) => setTimeout(resolve, info.ms));
  }

  /** One HTTP exchange, following redirects; the header timeout covers every hop. */
  private async send(request: RegistryRequest, scope: string): Promise<OpenedResponse> {
    let url = new URL(request.path, this.options.origin);
    if (url.origin !== this.options.origin) {
      throw new RegistryClientError('UPSTREAM_INVALID', `${this.options.host} pointed ${request.what} at another origin (${url.origin})`, { detail: { host: this.options.host } });
    }
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new ConnectionStalledError(`no response within ${this.options.timeoutMs} ms`)), this.options.timeoutMs);
    try {
      for (let hop = 0; ; hop++) {
        // Credentials go to the registry's origin only; a redirect elsewhere (a CDN) gets none.
        const authorization = url.origin === this.options.origin ? this.auth.authorization(scope) : undefined;
        const response = await fetch(url, {
          headers: { 'user-agent': this.options.userAgent, ...request.headers, ...(authorization ? { authorization } : {}) },
          redirect: 'manual',
          signal: controller.signal,
        });
        const location = response.status >= 300 && response.status < 400 ? response.headers.get('location') : null;
        if (!location) return { response, abort: (reason) => controller.abort(reason) };
        await response.body?.cancel();
        url = this.redirectTarget(url, location, request, hop);
      }
    } finally {
      clearTimeout(timer);
    }
  }

  private redirectTarget(from: URL, location: string, request: RegistryRequest, hop: number): URL {
    const { host } = this.options;
    const target = new URL(location, from);
    if (hop + 1 > MAX_REDIRECTS) throw new RegistryClientError('UPSTREAM_INVALID', `${host} redirected ${request.what} more than ${MAX_REDIRECTS} times`, { detail: { host } });
    if (target.protocol !== 'https:' && !(target.protocol === 'http:' && this.options.insecure)) {
      throw new RegistryClientError('UPSTREAM_INVALID', `${host} redirected ${request.what} to ${target.protocol}//${target.host}, which is not HTTPS`, { detail: { host } });
    }
    return target;
  }
}

function once(release: () => void): () => void {
  let released = false;
  return () => {
    if (released) return;
    released = true;
    release();
  };
}
