/**
 * Authorization for one registry: Basic when the registry asks for it, the
 * Docker token flow (distribution docs "Token Authentication Specification")
 * when it answers with a Bearer challenge, or a bearer token given directly.
 *
 * Credentials go to exactly two places: the registry's own origin (the caller
 * decides per request, see `authorization`) and the token realm the registry
 * announces — and to that realm only over HTTPS, unless the client was made
 * `insecure` on purpose. Tokens are cached per scope until they expire.
 */
import { z } from 'zod';
import type { RegistryCredentials, RegistryPasswordCredentials } from './registry-client-options.js';
import { RegistryClientError } from './registry-client-error.js';
import type { Challenge } from './www-authenticate.js';

/** Token lifetime the spec tells clients to assume when `expires_in` is absent. */
const DEFAULT_TOKEN_SECONDS = 60;
/** Renew a little before expiry so a token does not lapse in flight. */
const EXPIRY_SLACK_MS = 5_000;

const tokenResponseSchema = z.looseObject({
  token: z.string().min(1).optional(),
  access_token: z.string().min(1).optional(),
  expires_in: z.number().positive().optional(),
});

interface TokenRequest {
  /** The scope to ask the token service for (the challenge's, else ours). */
  tokenScope: string;
  /** The scope the token is cached under. */
  scope: string;
  what: string;
  credentials?: RegistryPasswordCredentials;
}

interface CachedToken {
  token: string;
  expiresAt: number;
}

export interface RegistryAuthOptions {
  host: string;
  insecure: boolean;
  credentials?: RegistryCredentials;
  timeoutMs: number;
  userAgent: string;
}

export class RegistryAuth {
  private readonly tokens = new Map<string, CachedToken>();
  private readonly pending = new Map<string, Promise<void>>();
  private basic = false;

  constructor(private readonly options: RegistryAuthOptions) {}

  /** The Authorization header for a request to the registry's own origin, if any. */
  authorization(scope: string, now = Date.now()): string | undefined {
    const credentials = this.options.credentials;
    if (credentials && 'token' in credentials) return `Bearer ${credentials.token}`;
    const cached = this.tokens.get(scope);
    if (cached && cached.expiresAt > now) return `Bearer ${cached.token}`;
    if (this.basic && credentials) return basicAuthorization(credentials.username, credentials.password);
    return undefined;
  }

  /**
   * Acts on a 401's challenge so that the next attempt carries what the registry wants.
   * Concurrent 401s for one scope share one token request.
   * @throws RegistryClientError UPSTREAM_UNAUTHORIZED when there is nothing more to try.
   */
  async authenticate(challenge: Challenge | undefined, scope: string, what: string): Promise<void> {
    const { host, credentials } = this.options;
    if (credentials && 'token' in credentials) {
      throw new RegistryClientError('UPSTREAM_UNAUTHORIZED', `${host} refused the bearer token for ${what}; it may have expired or lack pull access`, { detail: { host, status: 401 } });
    }
    if (challenge?.scheme === 'basic') {
      if (!credentials) throw new RegistryClientError('UPSTREAM_UNAUTHORIZED', `${host} needs a username and password for ${what}`, { detail: { host, status: 401 } });
      if (this.basic) throw new RegistryClientError('UPSTREAM_UNAUTHORIZED', `${host} refused the credentials of "${credentials.username}" for ${what}`, { detail: { host, status: 401 } });
      this.basic = true;
      return;
    }
    if (!challenge?.params.realm) {
      throw new RegistryClientError('UPSTREAM_UNAUTHORIZED', `${host} refused ${what} without saying how to authenticate`, { detail: { host, status: 401 } });
    }
    const tokenScope = challenge.params.scope ?? scope;
    const running = this.pending.get(tokenScope);
    if (running) return running;
    const request = this.fetchToken(challenge.params.realm, challenge.params.service, { tokenScope, scope, what, credentials }).finally(() => this.pending.delete(tokenScope));
    this.pending.set(tokenScope, request);
    return request;
  }

  private async fetchToken(realm: string, service: string | undefined, request: TokenRequest): Promise<void> {
    const { host, insecure } = this.options;
    const { tokenScope, scope, what, credentials } = request;
    const url = parseRealm(realm, host);
    if (service) url.searchParams.set('service', service);
    url.searchParams.set('scope', tokenScope);
    if (credentials && url.protocol !== 'https:' && !insecure) {
      throw new RegistryClientError('UPSTREAM_UNAUTHORIZED', `${host} announced the token service ${url.origin} over plain HTTP; refusing to send credentials there (use insecure only for test registries)`, { detail: { host } });
    }
    const response = await fetch(url, {
      headers: { 'user-agent': this.options.userAgent, ...(credentials ? { authorization: basicAuthorization(credentials.username, credentials.password) } : {}) },
      // A redirect could carry the credentials to a host nobody announced.
      redirect: 'error',
      signal: AbortSignal.timeout(this.options.timeoutMs),
    }).catch((error: unknown) => {
      throw new RegistryClientError('UPSTREAM_UNREACHABLE', `cannot reach the token service ${url.origin} of ${host}`, { cause: error, detail: { host } });
    });
    if (!response.ok) {
      await response.body?.cancel();
      const hint = credentials ? `check the credentials of "${credentials.username}"` : 'the repository may not exist or may need credentials';
      throw new RegistryClientError('UPSTREAM_UNAUTHORIZED', `the token service ${url.origin} of ${host} refused a token for ${what} (${response.status}); ${hint}`, {
        detail: { host, status: response.status },
      });
    }
    const body = tokenResponseSchema.safeParse(await response.json().catch(() => undefined));
    const token = body.success ? (body.data.token ?? body.data.access_token) : undefined;
    if (!token || !body.success) throw new RegistryClientError('UPSTREAM_INVALID', `the token service ${url.origin} of ${host} answered without a token`, { detail: { host } });
    const expiresAt = Date.now() + (body.data.expires_in ?? DEFAULT_TOKEN_SECONDS) * 1000 - EXPIRY_SLACK_MS;
    this.tokens.set(scope, { token, expiresAt });
    if (tokenScope !== scope) this.tokens.set(tokenScope, { token, expiresAt });
  }
}

function parseRealm(realm: string, host: string): URL {
  try {
    const url = new URL(realm);
    if (url.protocol === 'https:' || url.protocol === 'http:') return url;
  } catch {
    // reported below
  }
  throw new RegistryClientError('UPSTREAM_INVALID', `${host} announced a token realm that is not an http(s) URL`, { detail: { host } });
}

function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}
