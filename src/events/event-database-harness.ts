/**
 * A database per engine for the events tests, opened as often as a test needs
 * (each handle stands for one process), emptied between tests.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createPostgresDatabase } from '../../test/helpers/test-database.js';
import { openDatabase, type DatabaseHandle } from '../db/index.js';
import { DeliveryWorker } from './delivery-worker.js';
import type { DeliveryWorkerOptions, EventLogger } from './worker-options.js';
import type { WebhookReceiver } from './webhook-receiver-harness.js';

export interface LogEntry {
  level: 'info' | 'warn' | 'error';
  context: Record<string, unknown>;
  message: string;
}

export interface EventTestContext {
  /** The first handle, open for the whole file. */
  readonly database: DatabaseHandle;
  /** Another handle on the same database: a new process. */
  open(): Promise<DatabaseHandle>;
  /** A worker with fast test settings, stopped after the test. */
  worker(options?: Partial<DeliveryWorkerOptions>): DeliveryWorker;
  /** Closes the receiver after the test. */
  track(receiver: WebhookReceiver): WebhookReceiver;
  readonly logs: LogEntry[];
}

export function eventTestContext(engine: 'sqlite' | 'postgres'): EventTestContext {
  let work = '';
  let url = '';
  const handles: DatabaseHandle[] = [];
  const closed = new Set<DatabaseHandle>();
  let workers: DeliveryWorker[] = [];
  let receivers: WebhookReceiver[] = [];
  const logs: LogEntry[] = [];
  const logger: EventLogger = {
    info: (context, message) => logs.push({ level: 'info', context, message }),
    warn: (context, message) => logs.push({ level: 'warn', context, message }),
    error: (context, message) => logs.push({ level: 'error', context, message }),
  };

  const open = async (): Promise<DatabaseHandle> => {
    const handle = await openDatabase(url);
    const close = handle.close;
    const tracked: DatabaseHandle = {
      ...handle,
      close: async () => {
        if (closed.has(tracked)) return;
        closed.add(tracked);
        await close();
      },
    };
    handles.push(tracked);
    return tracked;
  };

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'airlock-events-'));
    url = engine === 'postgres' ? await createPostgresDatabase() : path.join(work, 'airlock.db');
    await open();
  });
  afterEach(async () => {
    await Promise.all(workers.map((worker) => worker.stop()));
    await Promise.all(receivers.map((receiver) => receiver.close()));
    workers = [];
    receivers = [];
    logs.length = 0;
    const { db } = context.database;
    await db.deleteFrom('webhookSubscriptions').execute();
    await db.deleteFrom('outboxEvents').execute();
  });
  afterAll(async () => {
    for (const handle of handles) await handle.close();
    await rm(work, { recursive: true, force: true });
  });

  const context: EventTestContext = {
    get database() {
      const first = handles[0];
      if (!first) throw new Error('the test database is not open yet');
      return first;
    },
    open,
    worker: (options = {}) => {
      const worker = new DeliveryWorker({
        database: context.database,
        source: 'https://airlock.test',
        pollIntervalMs: 20,
        timeoutMs: 1_000,
        backoff: { baseMs: 20, maxMs: 100, jitter: 0 },
        leaseMarginMs: 1_000,
        stopTimeoutMs: 1_000,
        logger,
        ...options,
      });
      workers.push(worker);
      return worker;
    },
    track: (receiver) => {
      receivers.push(receiver);
      return receiver;
    },
    logs,
  };
  return context;
}
