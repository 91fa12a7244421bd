/**
 * Rate-limit awareness: reads the quota a registry announces on its responses
 * and decides whether the next request may go now, must wait, or should not be
 * sent at all.
 *
 * Header forms read (first match wins):
 * - Docker Hub: `RateLimit-Limit: 100;w=21600`, `RateLimit-Remaining: 76;w=21600`
 *   (only manifest requests are counted and only their answers carry the headers).
 * - IETF draft-ietf-httpapi-ratelimit-headers 00–06: `RateLimit-Limit: 10, 10;w=1, 50;w=60`,
 *   `RateLimit-Remaining: 5`, `RateLimit-Reset: 30` (delta-seconds).
 * - draft 07: `RateLimit: limit=100, remaining=50, reset=30` with `RateLimit-Policy: 100;w=60`.
 * - draft 08+: `RateLimit: "default";r=50;t=30` with `RateLimit-Policy: "default";q=100;w=60`.
 */

export interface RateLimitInfo {
  limit?: number;
  remaining?: number;
  /** Length of the quota window, when the registry says (`w=`). */
  windowSeconds?: number;
  /** Seconds until the quota resets, when the registry says (`RateLimit-Reset`, `reset=`, `t=`). */
  resetSeconds?: number;
}

type HeaderGetter = (name: string) => string | null | undefined;

/** Reads the announced quota from response headers; undefined when there is none. */
export function parseRateLimit(header: HeaderGetter, now = Date.now()): RateLimitInfo | undefined {
  const info: RateLimitInfo = {};
  const combined = header('ratelimit');
  if (combined) Object.assign(info, parseCombined(combined));
  const policy = header('ratelimit-policy');
  if (policy) {
    const first = parseItems(policy)[0];
    info.limit ??= first?.params.q ?? first?.value;
    info.windowSeconds ??= first?.params.w;
  }
  const limit = header('ratelimit-limit');
  if (limit) {
    const items = parseItems(limit);
    const value = items[0]?.value;
    info.limit ??= value;
    info.windowSeconds ??= (items.find((item) => item.value === value && item.params.w !== undefined) ?? items.find((item) => item.params.w !== undefined))?.params.w;
  }
  const remaining = header('ratelimit-remaining');
  if (remaining) {
    const first = parseItems(remaining)[0];
    info.remaining ??= first?.value;
    info.windowSeconds ??= first?.params.w;
  }
  const reset = header('ratelimit-reset');
  if (reset) info.resetSeconds ??= resetSeconds(parseItems(reset)[0]?.value, now);
  const known = Object.entries(info).filter(([, value]) => value !== undefined);
  return known.length > 0 ? (Object.fromEntries(known) as RateLimitInfo) : undefined;
}

interface Item {
  value?: number;
  params: Record<string, number | undefined>;
}

/** `10, 10;w=1, "default";q=100;w=60` → items with an optional leading number and numeric parameters. */
function parseItems(text: string): Item[] {
  return text.split(',').map((part) => {
    const [head = '', ...params] = part.split(';').map((piece) => piece.trim());
    const item: Item = { value: count(head), params: {} };
    for (const param of params) {
      const equals = param.indexOf('=');
      if (equals > 0) item.params[param.slice(0, equals).trim().toLowerCase()] = count(param.slice(equals + 1));
    }
    return item;
  });
}

/** draft 07 `limit=100, remaining=50, reset=30` or draft 08+ `"default";r=50;t=30`. */
function parseCombined(text: string): RateLimitInfo {
  const info: RateLimitInfo = {};
  for (const item of parseItems(text)) {
    info.remaining ??= item.params.r;
    info.resetSeconds ??= item.params.t;
  }
  for (const part of text.split(',')) {
    const [key, value] = part.split('=').map((piece) => piece.trim().toLowerCase());
    if (key === 'limit') info.limit ??= count(value);
    if (key === 'remaining') info.remaining ??= count(value);
    if (key === 'reset') info.resetSeconds ??= count(value);
  }
  return info;
}

function count(text: string | undefined): number | undefined {
  const trimmed = text?.trim().replace(/^"|"$/g, '');
  return trimmed && /^\d{1,15}$/.test(trimmed) ? Number(trimmed) : undefined;
}

/** Some servers send an epoch time where the drafts say delta-seconds; read both. */
function resetSeconds(value: number | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  return value > 1_000_000_000 ? Math.max(0, value - Math.floor(now / 1000)) : value;
}

/** How long a request must wait before it may go, and why. */
export interface RateLimitWait {
  ms: number;
  /** Epoch ms at which the request may go. */
  until: number;
  reason: 'quota' | 'retry-after';
}

/** When a spent quota gives no reset time and no window, look again after this long. */
const UNKNOWN_RESET_MS = 60_000;

/**
 * Tracks announced quotas per request kind (manifests, blobs, tags) and pauses
 * asked for by 429/503 `Retry-After`. A spent quota only holds back the kinds
 * of request whose answers announced it: Docker Hub counts manifest pulls, not
 * blob downloads, so a mirror may finish the blobs of a manifest it already has.
 */
export class RateLimitGate {
  private latest: RateLimitInfo | undefined;
  private readonly spentUntil = new Map<string, number>();
  private pausedUntil = 0;

  /** The most recently announced quota, from any response. */
  info(): RateLimitInfo | undefined {
    return this.latest ? { ...this.latest } : undefined;
  }

  observe(kind: string, header: HeaderGetter, now: number): void {
    const info = parseRateLimit(header, now);
    if (!info) return;
    this.latest = info;
    if (info.remaining === undefined) return;
    if (info.remaining > 0) {
      this.spentUntil.delete(kind);
      return;
    }
    const seconds = info.resetSeconds ?? info.windowSeconds;
    this.spentUntil.set(kind, now + (seconds !== undefined ? seconds * 1000 : UNKNOWN_RESET_MS));
  }

  /** Holds back every request until `until` (epoch ms), as a 429's Retry-After asks. */
  pause(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }

  /** undefined when a request of `kind` may go now. */
  waitFor(kind: string, now: number): RateLimitWait | undefined {
    const spent = this.spentUntil.get(kind) ?? 0;
    const until = Math.max(spent, this.pausedUntil);
    if (until <= now) {
      // The quota window has passed: let requests go and learn the new quota from their answers.
      if (spent > 0 && spent <= now) this.spentUntil.delete(kind);
      return undefined;
    }
    return { ms: until - now, until, reason: spent >= this.pausedUntil ? 'quota' : 'retry-after' };
  }
}
