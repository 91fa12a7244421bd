/**
 * Keeps the approved set in step with the Airlock server: a full snapshot
 * first (retried until it works), then changes since the last cursor every
 * `intervalMs`, and a full snapshot again every `fullIntervalMs` (changes
 * cannot say that an image was deleted). Failures back off, doubling up to
 * `maxBackoffMs`; the cache keeps answering from what it has, and the
 * staleness limit (checked per request) decides when that is no longer good.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { ApprovedSet } from './approved-set.js';
import type { ApprovedImageFeed } from './feed-page.js';

export interface SyncOptions {
  intervalMs: number;
  fullIntervalMs: number;
  maxBackoffMs: number;
}

export interface SyncStatus {
  lastSyncAt?: number;
  lastFullSyncAt?: number;
  lastError?: string;
  consecutiveFailures: number;
}

export class ApprovedSetSync {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private lastFullSyncAt: number | undefined;
  private lastError: string | undefined;
  private failures = 0;
  private readonly firstSync: Promise<void>;
  private resolveFirst: () => void = () => undefined;

  constructor(
    private readonly set: ApprovedSet,
    private readonly feed: ApprovedImageFeed,
    private readonly options: SyncOptions,
    private readonly clock: () => number,
    private readonly log?: FastifyBaseLogger,
  ) {
    this.firstSync = new Promise((resolve) => (this.resolveFirst = resolve));
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
    this.resolveFirst();
  }

  /** Resolves after the first successful sync (or stop). */
  ready(): Promise<void> {
    return this.firstSync;
  }

  status(): SyncStatus {
    return { lastSyncAt: this.set.lastSyncAt, lastFullSyncAt: this.lastFullSyncAt, lastError: this.lastError, consecutiveFailures: this.failures };
  }

  /** One round: a snapshot when none was taken or the last is old, otherwise the changes. */
  async syncOnce(): Promise<'full' | 'changes'> {
    const now = this.clock();
    const cursor = this.set.cursor;
    if (cursor === undefined || this.lastFullSyncAt === undefined || now - this.lastFullSyncAt >= this.options.fullIntervalMs) {
      const page = await this.feed.snapshot();
      this.set.replace(page.images, page.cursor, this.clock());
      this.lastFullSyncAt = now;
      return 'full';
    }
    const page = await this.feed.changes(cursor);
    this.set.apply(page.images, page.cursor, this.clock());
    return 'changes';
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.round().finally(() => (this.running = undefined));
    }, delayMs);
  }

  private async round(): Promise<void> {
    try {
      const kind = await this.syncOnce();
      if (this.failures > 0) this.log?.info({ afterFailures: this.failures }, 'approved-image feed reachable again');
      this.failures = 0;
      this.lastError = undefined;
      this.log?.debug({ kind, images: this.set.size }, 'approved images synced');
      this.resolveFirst();
      this.schedule(this.options.intervalMs);
    } catch (error) {
      this.failures += 1;
      this.lastError = (error as Error).message;
      const delay = Math.min(this.options.maxBackoffMs, this.options.intervalMs * 2 ** Math.min(this.failures, 20));
      this.log?.warn({ err: error, failures: this.failures, retryInMs: delay }, 'approved-image sync failed');
      this.schedule(delay);
    }
  }
}
