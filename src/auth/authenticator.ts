/**
 * Turns credentials into a Principal. Slow hashes make each verification cost
 * tens of milliseconds, so successful verifications are cached briefly (keyed
 * by a hash of the credential, never the credential itself); any identity
 * change clears the cache.
 */
import { createHash } from 'node:crypto';
import type { Clock } from './clock.js';
import { AuthError } from './errors.js';
import type { IdentityStore } from './identity-store.js';
import { LoginThrottle, type LoginThrottleOptions } from './login-throttle.js';
import { DUMMY_HASH, verifySecret } from './password-hash.js';
import type { Principal, RobotPrincipal } from './principal.js';
import type { RobotRole } from './roles.js';
import { parseRobotToken, type RobotTokenStore } from './robot-tokens.js';

const CACHE_LIMIT = 10_000;
const INVALID_CREDENTIALS = 'invalid username or password';

export interface AuthenticatorOptions {
  /** How long a verified credential is trusted without re-hashing. */
  cacheTtlMs?: number;
  throttle?: LoginThrottleOptions;
}

export class Authenticator {
  private readonly cache = new Map<string, { principal: Principal; until: number }>();
  /** Verifications under way: concurrent requests with one credential share one slow hash. */
  private readonly inFlight = new Map<string, Promise<Principal>>();
  private readonly cacheTtlMs: number;
  private readonly throttle: LoginThrottle;

  constructor(
    private readonly identities: IdentityStore,
    private readonly robots: RobotTokenStore,
    private readonly clock: Clock,
    options: AuthenticatorOptions = {},
  ) {
    this.cacheTtlMs = options.cacheTtlMs ?? 30_000;
    this.throttle = new LoginThrottle(clock, options.throttle);
  }

  /**
   * HTTP Basic: a user's password, or a robot token given as the password (any username).
   * @param source the client address, for throttling password guessing.
   */
  async basic(username: string, password: string, source = 'unknown'): Promise<Principal> {
    if (parseRobotToken(password)) return this.robotToken(password, source);
    return this.cached(`user\0${username}\0${password}`, `${source}\0user\0${username}`, async () => {
      const user = await this.identities.findUser(username);
      const matches = await verifySecret(password, user?.passwordHash ?? DUMMY_HASH);
      if (!user || !matches) throw new AuthError('UNAUTHORIZED', INVALID_CREDENTIALS);
      if (user.disabledAt !== null) throw new AuthError('UNAUTHORIZED', `user ${username} is disabled`);
      return this.identities.userPrincipal(user);
    });
  }

  async robotToken(token: string, source = 'unknown'): Promise<RobotPrincipal> {
    const tokenId = parseRobotToken(token)?.id ?? 'malformed';
    return this.cached(`robot\0${token}`, `${source}\0robot\0${tokenId}`, async () => {
      const parsed = parseRobotToken(token);
      const row = parsed && (await this.robots.find(parsed.id));
      const matches = await verifySecret(parsed?.secret ?? '', row?.secretHash ?? DUMMY_HASH);
      if (!parsed || !row || !matches) throw new AuthError('UNAUTHORIZED', 'invalid robot token');
      if (row.revokedAt !== null) throw new AuthError('UNAUTHORIZED', `robot token ${row.name} was revoked`);
      if (row.expiresAt !== null && row.expiresAt <= this.clock()) throw new AuthError('UNAUTHORIZED', `robot token ${row.name} has expired`);
      await this.robots.touch(row.id);
      return { kind: 'robot', id: row.id, name: row.name, team: row.teamName, role: row.role as RobotRole };
    }) as Promise<RobotPrincipal>;
  }

  /** Reloads the principal behind a token subject (`user:<id>` / `robot:<id>`); undefined when it no longer may act. */
  async principalForSubject(subject: string): Promise<Principal | undefined> {
    const [kind, id] = subject.split(':');
    if (!id) return undefined;
    if (kind === 'user') {
      const user = await this.identities.findUserById(id);
      return user && user.disabledAt === null ? this.identities.userPrincipal(user) : undefined;
    }
    if (kind === 'robot') {
      const row = await this.robots.find(id);
      if (!row || row.revokedAt !== null || (row.expiresAt !== null && row.expiresAt <= this.clock())) return undefined;
      return { kind: 'robot', id: row.id, name: row.name, team: row.teamName, role: row.role as RobotRole };
    }
    return undefined;
  }

  /** Forget every cached verification (after a revocation, a role or membership change). */
  invalidate(): void {
    this.cache.clear();
    this.inFlight.clear();
  }

  /** @param throttleKey who is trying which identity: failures under it are counted by the LoginThrottle. */
  private async cached<T extends Principal>(credential: string, throttleKey: string, verify: () => Promise<T>): Promise<T> {
    const key = createHash('sha256').update(credential).digest('base64');
    const hit = this.cache.get(key);
    const now = this.clock();
    if (hit && hit.until > now) return hit.principal as T;
    this.throttle.check(throttleKey);
    const pending = this.inFlight.get(key);
    if (pending) return pending as Promise<T>;
    const verification = verify().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, verification);
    let principal: T;
    try {
      principal = await verification;
    } catch (error) {
      if (error instanceof AuthError && error.code === 'UNAUTHORIZED') this.throttle.failed(throttleKey);
      throw error;
    }
    this.throttle.succeeded(throttleKey);
    if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(key, { principal, until: now + this.cacheTtlMs });
    return principal;
  }
}
