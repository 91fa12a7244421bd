/**
 * How long to wait before trying a request again: what the registry asked for
 * in `Retry-After` (RFC 9110 §10.2.3: delay-seconds or an HTTP-date), else
 * exponential backoff with jitter so that many clients refused at once do not
 * come back at once.
 */

/** First backoff step; attempt n waits about BASE · 2^(n-1). */
const BACKOFF_BASE_MS = 250;

/**
 * @returns milliseconds from `now` the registry asked us to wait, or undefined
 * when the header is absent or unparsable. A date in the past means "now" (0).
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // HTTP-date (IMF-fixdate and the obsolete forms Date.parse also reads); a bare number with a
  // sign or fraction is not valid delay-seconds and must not be read as a year.
  if (!/[A-Za-z]/.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/**
 * Exponential backoff with "equal jitter": half of the step is fixed, half is
 * random, and the whole never exceeds `capMs`.
 * @param attempt 1 for the wait after the first failure.
 */
export function backoffDelay(attempt: number, capMs: number, random: () => number = Math.random): number {
  const step = Math.min(capMs, BACKOFF_BASE_MS * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
  return Math.round(step / 2 + random() * (step / 2));
}
