import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/index.js';
import { EventError } from './errors.js';
import { workerSettings, type EventLogger } from './worker-options.js';

const database = { db: {}, dialect: 'sqlite' } as unknown as DatabaseHandle;

describe('delivery worker options', () => {
  it('fills in the documented defaults', () => {
    const settings = workerSettings({ database });
    expect(settings).toMatchObject({ source: 'airlock', pollIntervalMs: 500, timeoutMs: 10_000, concurrency: 8, perWebhookConcurrency: 2, maxAttempts: 10 });
    expect(settings.backoff).toEqual({ baseMs: 1_000, maxMs: 300_000, jitter: 0.2 });
    expect(workerSettings({ database, backoff: { baseMs: 5 } }).backoff).toEqual({ baseMs: 5, maxMs: 300_000, jitter: 0.2 });
    expect(Object.isFrozen(settings)).toBe(true);
  });

  it('refuses counts that would stall the worker', () => {
    for (const bad of [{ concurrency: 0 }, { maxAttempts: 1.5 }, { pollIntervalMs: -1 }]) {
      expect(() => workerSettings({ database, ...bad })).toThrow(EventError);
    }
  });

  it('takes a pino logger', () => {
    const logger: EventLogger = pino({ level: 'silent' });
    expect(workerSettings({ database, logger }).logger).toBe(logger);
  });
});
