import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter } from './retry-delay.js';

const NOW = Date.parse('2025-01-01T00:00:00Z');

describe('parseRetryAfter', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('0', NOW)).toBe(0);
    expect(parseRetryAfter(' 120 ', NOW)).toBe(120_000);
  });

  it('reads an HTTP-date, and a date in the past as no wait', () => {
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:30 GMT', NOW)).toBe(30_000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:00:00 GMT', NOW)).toBe(0);
  });

  it('ignores what is neither', () => {
    for (const value of [null, undefined, '', '-5', '1.5', 'soon', '+30', 'Someday, 99 Foo 2025']) expect(parseRetryAfter(value, NOW)).toBeUndefined();
  });
});

describe('backoffDelay', () => {
  it('grows exponentially from 250 ms, with at most half of each step random', () => {
    expect(backoffDelay(1, 30_000, () => 0)).toBe(125);
    expect(backoffDelay(1, 30_000, () => 1)).toBe(250);
    expect(backoffDelay(4, 30_000, () => 1)).toBe(2000);
  });

  it('never exceeds the cap nor falls below half of the step', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 0, max: 60_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (attempt, cap, random) => {
        const delay = backoffDelay(attempt, cap, () => random);
        const step = Math.min(cap, 250 * 2 ** Math.min(attempt - 1, 30));
        expect(delay).toBeLessThanOrEqual(cap);
        expect(delay).toBeGreaterThanOrEqual(Math.floor(step / 2));
      }),
    );
  });
});
