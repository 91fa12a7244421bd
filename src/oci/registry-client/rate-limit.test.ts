import { describe, expect, it } from 'vitest';
import { RateLimitGate, parseRateLimit } from './rate-limit.js';

const headers = (values: Record<string, string>) => (name: string) => values[name] ?? null;
const NOW = Date.parse('2025-01-01T00:00:00Z');

describe('parseRateLimit', () => {
  it('reads the Docker Hub form (quota;w=window on both headers)', () => {
    expect(parseRateLimit(headers({ 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': '76;w=21600' }))).toEqual({ limit: 100, remaining: 76, windowSeconds: 21600 });
  });

  it('reads the plain IETF draft headers, with a policy list and a reset', () => {
    expect(parseRateLimit(headers({ 'ratelimit-limit': '10', 'ratelimit-remaining': '0', 'ratelimit-reset': '7' }))).toEqual({ limit: 10, remaining: 0, resetSeconds: 7 });
    expect(parseRateLimit(headers({ 'ratelimit-limit': '10, 10;w=1, 50;w=60', 'ratelimit-remaining': '5' }))).toEqual({ limit: 10, remaining: 5, windowSeconds: 1 });
  });

  it('reads draft 07 (RateLimit: limit=, remaining=, reset=) and draft 08+ (r=, t=, q=) forms', () => {
    expect(parseRateLimit(headers({ ratelimit: 'limit=100, remaining=50, reset=30', 'ratelimit-policy': '100;w=60' }))).toEqual({ limit: 100, remaining: 50, resetSeconds: 30, windowSeconds: 60 });
    expect(parseRateLimit(headers({ ratelimit: '"default";r=0;t=12', 'ratelimit-policy': '"default";q=100;w=60' }))).toEqual({ limit: 100, remaining: 0, resetSeconds: 12, windowSeconds: 60 });
  });

  it('reads an epoch reset as seconds from now', () => {
    expect(parseRateLimit(headers({ 'ratelimit-remaining': '0', 'ratelimit-reset': String(NOW / 1000 + 90) }), NOW)).toEqual({ remaining: 0, resetSeconds: 90 });
  });

  it('ignores absent and malformed headers', () => {
    expect(parseRateLimit(headers({}))).toBeUndefined();
    expect(parseRateLimit(headers({ 'ratelimit-limit': 'lots', 'ratelimit-remaining': '-1' }))).toBeUndefined();
  });
});

describe('RateLimitGate', () => {
  it('holds back the kind of request whose quota is spent until the reset, and only that kind', () => {
    const gate = new RateLimitGate();
    gate.observe('manifest', headers({ 'ratelimit-limit': '100', 'ratelimit-remaining': '0', 'ratelimit-reset': '5' }), NOW);
    expect(gate.waitFor('manifest', NOW)).toEqual({ ms: 5000, until: NOW + 5000, reason: 'quota' });
    expect(gate.waitFor('blob', NOW)).toBeUndefined();
    expect(gate.waitFor('manifest', NOW + 5000)).toBeUndefined();
    expect(gate.info()).toEqual({ limit: 100, remaining: 0, resetSeconds: 5 });
  });

  it('without a reset, waits out the announced window (Docker Hub: six hours)', () => {
    const gate = new RateLimitGate();
    gate.observe('manifest', headers({ 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': '0;w=21600' }), NOW);
    expect(gate.waitFor('manifest', NOW)?.ms).toBe(21_600_000);
  });

  it('lets requests go again once an answer shows quota left', () => {
    const gate = new RateLimitGate();
    gate.observe('manifest', headers({ 'ratelimit-remaining': '0', 'ratelimit-reset': '60' }), NOW);
    gate.observe('manifest', headers({ 'ratelimit-remaining': '3' }), NOW + 1);
    expect(gate.waitFor('manifest', NOW + 2)).toBeUndefined();
  });

  it('pauses every kind of request after a 429', () => {
    const gate = new RateLimitGate();
    gate.pause(NOW + 2000);
    expect(gate.waitFor('blob', NOW)).toEqual({ ms: 2000, until: NOW + 2000, reason: 'retry-after' });
    expect(gate.waitFor('tags', NOW + 2000)).toBeUndefined();
  });
});
