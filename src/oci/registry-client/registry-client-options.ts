/** What a RegistryClient is configured with, and the defaults it fills in. */
import { RegistryClientError } from './registry-client-error.js';

/**
 * A username and password, used for Basic auth when the registry asks for it
 * and for the Docker token flow (sent only to the token realm the registry
 * announces). Amazon ECR: username `AWS`, password the output of
 * `aws ecr get-login-password` (ECR wants it as Basic `AWS:<token>`).
 */
export interface RegistryPasswordCredentials {
  username: string;
  password: string;
}

/** A bearer token obtained elsewhere, sent as `Authorization: Bearer <token>` to the registry host only. */
export interface RegistryTokenCredentials {
  token: string;
}

export type RegistryCredentials = RegistryPasswordCredentials | RegistryTokenCredentials;

/** Why the client is about to wait, for callers that log or show it. */
export interface RegistryWaitInfo {
  /** `rate-limit`: the announced quota is spent or a 429 asked everyone to pause; `retry`: backing off after a failure. */
  reason: 'rate-limit' | 'retry';
  ms: number;
  /** The HTTP status that caused the wait, if any (429, 503, …). */
  status?: number;
  /** Which attempt of the request comes next (for `retry`). */
  attempt?: number;
}

export interface RegistryClientOptions {
  /** host[:port] of the registry API, e.g. `registry-1.docker.io` or `127.0.0.1:5000`. */
  host: string;
  /** Plain HTTP (and no TLS) instead of HTTPS. Nothing else ever makes the client speak plain HTTP. */
  insecure?: boolean;
  credentials?: RegistryCredentials;
  /** Attempts for a request that meets 429, 5xx or a dropped connection (default 4). */
  maxAttempts?: number;
  /**
   * Upper bound on one wait (default 30 s). A Retry-After or a quota reset further
   * away than this fails fast with UPSTREAM_RATE_LIMITED instead of waiting.
   */
  maxRetryDelayMs?: number;
  /** Requests of this client in flight at once (default 4); a blob stream holds its slot until it ends or is destroyed. */
  concurrency?: number;
  /** Time allowed for response headers, and for a whole manifest or tag page (default 60 s). */
  timeoutMs?: number;
  /** A blob download that receives nothing for this long while being read is treated as dropped (default 60 s). */
  idleTimeoutMs?: number;
  /** tags() refuses repositories with more tags than this (default 10,000). */
  maxTags?: number;
  userAgent?: string;
  /** Called before every wait, so callers can log or show it. */
  onWait?: (info: RegistryWaitInfo) => void;
}

export interface ResolvedRegistryClientOptions extends Required<Omit<RegistryClientOptions, 'credentials' | 'onWait'>> {
  credentials?: RegistryCredentials;
  onWait?: (info: RegistryWaitInfo) => void;
  /** `https://host[:port]` (or http when insecure). */
  origin: string;
}

export function resolveOptions(options: RegistryClientOptions): ResolvedRegistryClientOptions {
  // A host with userinfo or a path would put secrets into messages or send requests elsewhere.
  if (!/^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(options.host)) {
    throw new RegistryClientError('REGISTRY_HOST_INVALID', `registry host "${options.host.replace(/^.*@/, '…@')}" is not host[:port] (no scheme, credentials or path)`);
  }
  const positive = (value: number | undefined, fallback: number) => (value !== undefined && Number.isFinite(value) && value >= 1 ? Math.floor(value) : fallback);
  return Object.freeze({
    host: options.host,
    insecure: options.insecure ?? false,
    credentials: options.credentials,
    maxAttempts: positive(options.maxAttempts, 4),
    maxRetryDelayMs: Math.max(0, options.maxRetryDelayMs ?? 30_000),
    concurrency: positive(options.concurrency, 4),
    timeoutMs: positive(options.timeoutMs, 60_000),
    idleTimeoutMs: positive(options.idleTimeoutMs, 60_000),
    maxTags: positive(options.maxTags, 10_000),
    userAgent: options.userAgent ?? 'airlock',
    onWait: options.onWait,
    origin: `${options.insecure ? 'http' : 'https'}://${options.host}`,
  });
}
