/** What a DeliveryWorker can be told, its defaults, and the small interfaces it is handed. */
import type { Kysely } from 'kysely';
import type { Database, SqlDialectName } from '../db/index.js';
import { DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
import type { Clock } from './clock.js';
import { EventError } from './errors.js';


export type TimerHandle = unknown;

/** The timer functions the worker uses, replaceable in tests. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export const systemTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

type LogFn = (context: Record<string, unknown>, message: string) => void;

/** The part of a pino logger the worker needs. */
export interface EventLogger {
  info: LogFn;
  warn: LogFn;
  error: LogFn;
}

const quiet: LogFn = () => undefined;
export const silentLogger: EventLogger = { info: quiet, warn: quiet, error: quiet };

export interface DeliveryWorkerOptions {
  /** The database and its engine (SKIP LOCKED claims on PostgreSQL). */
  database: { readonly db: Kysely<Database>; readonly dialect: SqlDialectName };
  /** CloudEvents `source`: the public URL, or `airlock`. */
  source?: string;
  /** How often the outbox and due deliveries are checked without a notify(). Default 500 ms. */
  pollIntervalMs?: number;
  /** Time limit of one HTTP request. Default 10 s. */
  timeoutMs?: number;
  /** Requests in flight at once, across all subscriptions. Default 8. */
  concurrency?: number;
  /** Requests in flight at once to one subscription, so a slow receiver cannot take every slot. Default 2. */
  perWebhookConcurrency?: number;
  /** Attempts before a delivery is dead. Default 10. */
  maxAttempts?: number;
  backoff?: Partial<BackoffOptions>;
  /**
   * A claimed delivery belongs to its worker until timeout + this margin; if the
   * worker dies meanwhile, any worker retries it afterwards. Default 30 s.
   */
  leaseMarginMs?: number;
  /** Outbox events fanned out per transaction. Default 100. */
  fanOutBatchSize?: number;
  /** How long stop() waits for requests in flight before aborting them. Default 5 s. */
  stopTimeoutMs?: number;
  clock?: Clock;
  /** In [0, 1); for backoff jitter. */
  random?: () => number;
  timers?: Timers;
  logger?: EventLogger;
}

export type WorkerSettings = Readonly<Required<Omit<DeliveryWorkerOptions, 'backoff'>> & { backoff: Readonly<BackoffOptions> }>;

export function workerSettings(options: DeliveryWorkerOptions): WorkerSettings {
  const settings = {
    database: options.database,
    source: options.source ?? 'airlock',
    pollIntervalMs: options.pollIntervalMs ?? 500,
    timeoutMs: options.timeoutMs ?? 10_000,
    concurrency: options.concurrency ?? 8,
    perWebhookConcurrency: options.perWebhookConcurrency ?? 2,
    maxAttempts: options.maxAttempts ?? 10,
    backoff: Object.freeze({ ...DEFAULT_BACKOFF, ...options.backoff }),
    leaseMarginMs: options.leaseMarginMs ?? 30_000,
    fanOutBatchSize: options.fanOutBatchSize ?? 100,
    stopTimeoutMs: options.stopTimeoutMs ?? 5_000,
    clock: options.clock ?? Date.now,
    random: options.random ?? Math.random,
    timers: options.timers ?? systemTimers,
    logger: options.logger ?? silentLogger,
  };
  for (const key of ['pollIntervalMs', 'timeoutMs', 'concurrency', 'perWebhookConcurrency', 'maxAttempts', 'fanOutBatchSize'] as const) {
    if (!Number.isInteger(settings[key]) || settings[key] < 1) throw new EventError('INVALID_OPTIONS', `delivery worker: ${key} must be a positive integer, got ${settings[key]}`);
  }
  return Object.freeze(settings);
}
