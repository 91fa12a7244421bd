/**
 * Slows down password guessing: after `maxFailures` failed logins for one
 * username from one source address within `windowMs`, further attempts are
 * refused (HTTP 429) until the window has passed. Keyed by source *and* user,
 * so an attacker cannot lock a user out from elsewhere.
 */
import type { Clock } from './clock.js';
import { AuthError } from './errors.js';

export interface LoginThrottleOptions {
  maxFailures?: number;
  windowMs?: number;
}

const TRACKED_LIMIT = 100_000;

export class LoginThrottle {
  private readonly failures = new Map<string, { count: number; since: number }>();
  private readonly maxFailures: number;
  private readonly windowMs: number;

  constructor(
    private readonly clock: Clock,
    options: LoginThrottleOptions = {},
  ) {
    this.maxFailures = options.maxFailures ?? 10;
    this.windowMs = options.windowMs ?? 5 * 60_000;
  }

  /** @throws AuthError TOO_MANY_ATTEMPTS while the key is locked. */
  check(key: string): void {
    const entry = this.current(key);
    if (entry && entry.count >= this.maxFailures) {
      const retryAfterSeconds = Math.ceil((entry.since + this.windowMs - this.clock()) / 1000);
      throw new AuthError('TOO_MANY_ATTEMPTS', `too many failed logins; try again in ${retryAfterSeconds} s`, { detail: { retryAfterSeconds } });
    }
  }

  failed(key: string): void {
    const entry = this.current(key);
    if (entry) entry.count += 1;
    else {
      if (this.failures.size >= TRACKED_LIMIT) this.prune();
      this.failures.set(key, { count: 1, since: this.clock() });
    }
  }

  succeeded(key: string): void {
    this.failures.delete(key);
  }

  private current(key: string): { count: number; since: number } | undefined {
    const entry = this.failures.get(key);
    if (entry && entry.since + this.windowMs <= this.clock()) {
      this.failures.delete(key);
      return undefined;
    }
    return entry;
  }

  private prune(): void {
    const now = this.clock();
    for (const [key, entry] of this.failures) if (entry.since + this.windowMs <= now) this.failures.delete(key);
    // Still full of live entries: forget the oldest rather than grow without bound.
    if (this.failures.size >= TRACKED_LIMIT) this.failures.delete(this.failures.keys().next().value as string);
  }
}
