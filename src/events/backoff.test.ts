import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, backoffDelay } from './backoff.js';

describe('retry backoff', () => {
  const noJitter = { ...DEFAULT_BACKOFF, jitter: 0 };

  it('doubles from the base: 1 s, 2 s, 4 s, … up to the cap', () => {
    expect([1, 2, 3, 4, 5].map((failures) => backoffDelay(failures, noJitter))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000]);
    expect(backoffDelay(9, noJitter)).toBe(256_000);
    expect(backoffDelay(10, noJitter)).toBe(300_000);
    expect(backoffDelay(10_000, noJitter)).toBe(300_000);
  });

  it('spreads each delay by the jitter fraction either way, never past the cap', () => {
    const options = { baseMs: 1_000, maxMs: 10_000, jitter: 0.2 };
    expect(backoffDelay(2, options, () => 0)).toBe(1_600);
    expect(backoffDelay(2, options, () => 0.5)).toBe(2_000);
    expect(backoffDelay(2, options, () => 0.999_999)).toBe(2_400);
    expect(backoffDelay(20, options, () => 0.999_999)).toBe(10_000);
    const seen = new Set(Array.from({ length: 50 }, () => backoffDelay(3, options)));
    expect(seen.size).toBeGreaterThan(10);
    expect([...seen].every((ms) => ms >= 3_200 && ms <= 4_800)).toBe(true);
  });
});
