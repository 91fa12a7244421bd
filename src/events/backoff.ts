/**
 * Retry delays: exponential (base, 2×base, 4×base, …) up to a cap, with
 * jitter so receivers that came back up are not hit by every retry at once.
 */
export interface BackoffOptions {
  /** Delay after the first failed attempt. */
  baseMs: number;
  /** No delay exceeds this. */
  maxMs: number;
  /** Fraction of the delay randomised either way: 0.2 spreads a 10 s delay over 8–12 s. */
  jitter: number;
}

export const DEFAULT_BACKOFF: Readonly<BackoffOptions> = Object.freeze({ baseMs: 1_000, maxMs: 5 * 60_000, jitter: 0.2 });

/**
 * @param failures attempts that have failed so far (≥ 1)
 * @param random a number in [0, 1), like Math.random
 */
export function backoffDelay(failures: number, options: BackoffOptions, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 52);
  const exponential = Math.min(options.maxMs, options.baseMs * 2 ** exponent);
  const spread = 1 + options.jitter * (2 * random() - 1);
  return Math.max(0, Math.min(options.maxMs, Math.round(exponential * spread)));
}
