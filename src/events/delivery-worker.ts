/**
 * The webhook delivery worker. Each wake-up (poll timer, notify(), or a
 * request finishing) runs one pass: fan out undispatched outbox events, then
 * claim as many due deliveries as there are free request slots and send them.
 * Requests run outside any transaction, bounded by p-limit, a per-subscription
 * cap and a timeout, so a slow receiver holds at most its own slots for at most
 * the timeout; the caller appending events never waits on any of it.
 */
import pLimit, { type LimitFunction } from 'p-limit';
import { backoffDelay } from './backoff.js';
import { CLOUDEVENTS_CONTENT_TYPE, cloudEventBody } from './cloud-event.js';
import { claimDeliveries, nextDueAt, recordAttempt, releaseClaim, type AttemptRecord, type ClaimedDelivery } from './delivery-claims.js';
import { fanOut } from './fan-out.js';
import { postWebhook, type PostResult } from './http-post.js';
import { SIGNATURE_HEADER, signBody } from './signature.js';
import { workerSettings, type DeliveryWorkerOptions, type TimerHandle, type WorkerSettings } from './worker-options.js';

export class DeliveryWorker {
  private readonly settings: WorkerSettings;
  private readonly limit: LimitFunction;
  private active = false;
  private timer: TimerHandle | undefined;
  private pass: Promise<void> | undefined;
  private passRequested = false;
  private readonly inFlight = new Map<string, number>();
  private readonly requests = new Set<Promise<void>>();
  private stopping = new AbortController();

  constructor(options: DeliveryWorkerOptions) {
    this.settings = workerSettings(options);
    this.limit = pLimit(this.settings.concurrency);
  }

  get running(): boolean {
    return this.active;
  }

  start(): void {
    if (this.active) return;
    this.active = true;
    this.stopping = new AbortController();
    this.wake();
  }

  /** Deliver promptly: call after committing a transaction that appended events. */
  notify(): void {
    this.wake();
  }

  /**
   * Stops claiming work and waits for requests in flight, at most `stopTimeoutMs`;
   * requests still running then are aborted and their deliveries handed back
   * (no attempt counted), so the next worker sends them at once.
   */
  async stop(): Promise<void> {
    this.active = false;
    this.cancelTimer();
    await this.pass;
    const all = Promise.allSettled([...this.requests]);
    const wait = this.sleep(this.settings.stopTimeoutMs);
    const finished = await Promise.race([all.then(() => true), wait.promise.then(() => false)]);
    wait.cancel();
    if (finished) return;
    this.settings.logger.warn({ inFlight: this.requests.size }, 'webhook requests still running at shutdown; aborting them');
    this.stopping.abort(new Error('the delivery worker is stopping'));
    await all;
  }

  private wake(): void {
    if (!this.active) return;
    if (this.pass) {
      this.passRequested = true;
      return;
    }
    this.cancelTimer();
    this.pass = this.runPass().then((waitMs) => {
      this.pass = undefined;
      if (!this.active) return;
      if (this.passRequested) {
        this.passRequested = false;
        this.wake();
      } else {
        this.timer = this.settings.timers.setTimeout(() => {
          this.timer = undefined;
          this.wake();
        }, waitMs);
      }
    });
  }

  /** @returns how long to sleep before the next pass. */
  private async runPass(): Promise<number> {
    const { database, clock, logger, pollIntervalMs, fanOutBatchSize } = this.settings;
    try {
      let dispatched = fanOutBatchSize;
      while (this.active && dispatched === fanOutBatchSize) dispatched = await fanOut(database, clock(), fanOutBatchSize);
      if (this.active) this.claimAndSend(await this.claim());
      const due = await nextDueAt(database.db);
      const now = clock();
      return due !== null && due > now ? Math.min(pollIntervalMs, due - now) : pollIntervalMs;
    } catch (error) {
      logger.error({ err: error }, 'webhook delivery pass failed; trying again at the next poll');
      return pollIntervalMs;
    }
  }

  private async claim(): Promise<ClaimedDelivery[]> {
    const { database, clock, concurrency, timeoutMs, leaseMarginMs, perWebhookConcurrency } = this.settings;
    const free = concurrency - this.limit.activeCount - this.limit.pendingCount;
    if (free <= 0) return [];
    return claimDeliveries(database, {
      now: clock(),
      limit: free,
      leaseMs: timeoutMs + leaseMarginMs,
      perWebhookLimit: perWebhookConcurrency,
      inFlight: this.inFlight,
    });
  }

  private claimAndSend(claims: ClaimedDelivery[]): void {
    for (const claim of claims) {
      this.inFlight.set(claim.webhookId, (this.inFlight.get(claim.webhookId) ?? 0) + 1);
      const signal = this.stopping.signal;
      const request: Promise<void> = this.limit(() => this.send(claim, signal))
        .catch((error: unknown) => this.settings.logger.error({ err: error, delivery: claim.id }, 'could not record a webhook delivery attempt'))
        .finally(() => {
          const left = (this.inFlight.get(claim.webhookId) ?? 1) - 1;
          if (left > 0) this.inFlight.set(claim.webhookId, left);
          else this.inFlight.delete(claim.webhookId);
          this.requests.delete(request);
          this.wake();
        });
      this.requests.add(request);
    }
  }

  private async send(claim: ClaimedDelivery, signal: AbortSignal): Promise<void> {
    const { database, clock, logger, source, timeoutMs, timers } = this.settings;
    const body = cloudEventBody(claim.event, source);
    const headers = {
      'content-type': CLOUDEVENTS_CONTENT_TYPE,
      'user-agent': 'airlock-webhooks',
      [SIGNATURE_HEADER]: signBody(claim.secret, body),
      'x-airlock-delivery': claim.id,
      'x-airlock-event-type': claim.event.type,
      'x-airlock-attempt': String(claim.attempts + 1),
    };
    const startedAt = clock();
    const result = await postWebhook({ url: claim.url, body, headers, timeoutMs, signal, timers });
    const finishedAt = clock();
    if (signal.aborted && result.status === null) {
      await releaseClaim(database.db, claim, finishedAt);
      return;
    }
    const attempt: AttemptRecord = {
      startedAt,
      durationMs: Math.max(0, finishedAt - startedAt),
      responseStatus: result.status,
      error: result.error,
      ...this.nextState(result, claim.attempts + 1, finishedAt),
    };
    const kept = await recordAttempt(database.db, claim, attempt);
    const context = { delivery: claim.id, webhook: claim.webhookId, event: claim.event.id, attempt: claim.attempts + 1, status: result.status, error: result.error };
    if (!kept) logger.warn(context, 'a webhook delivery outlived its lease; another worker owns it now');
    else if (attempt.status === 'dead') logger.warn(context, 'webhook delivery gave up after its last attempt');
    else if (attempt.status === 'failed') logger.info({ ...context, retryAt: attempt.nextAttemptAt }, 'webhook delivery attempt failed');
  }

  private nextState(result: PostResult, attempts: number, now: number): Pick<AttemptRecord, 'status' | 'nextAttemptAt'> {
    const { maxAttempts, backoff, random } = this.settings;
    if (result.error === null) return { status: 'delivered', nextAttemptAt: null };
    if (attempts >= maxAttempts) return { status: 'dead', nextAttemptAt: null };
    return { status: 'failed', nextAttemptAt: now + backoffDelay(attempts, backoff, random) };
  }

  private cancelTimer(): void {
    if (this.timer === undefined) return;
    this.settings.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private sleep(ms: number): { promise: Promise<void>; cancel: () => void } {
    let handle: TimerHandle;
    const promise = new Promise<void>((resolve) => {
      handle = this.settings.timers.setTimeout(resolve, ms);
    });
    return { promise, cancel: () => this.settings.timers.clearTimeout(handle) };
  }
}
