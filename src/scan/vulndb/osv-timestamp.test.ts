import { describe, expect, it } from 'vitest';
import { compareTimestamps, isTimestamp, timestampKey } from './osv-timestamp.js';

describe('OSV timestamps', () => {
  it.each([
    ['2024-01-31T12:00:00Z', '2024-01-31T12:00:00.000000000Z'],
    ['2024-01-31T12:00:00.5Z', '2024-01-31T12:00:00.500000000Z'],
    ['2023-06-08T18:18:29.123456Z', '2023-06-08T18:18:29.123456000Z'],
    ['2024-01-31T14:00:00+02:00', '2024-01-31T12:00:00.000000000Z'],
    ['0001-01-01T00:00:00Z', '0001-01-01T00:00:00.000000000Z'],
  ])('%s has the key %s', (text, key) => {
    expect(timestampKey(text)).toBe(key);
  });

  it.each(['', '2024-01-31', '2024-01-31T12:00:00', 'yesterday', '2024-13-01T00:00:00Z', '2024-01-31T12:00:00.1234567890Z'])('%j is not a timestamp', (text) => {
    expect(isTimestamp(text)).toBe(false);
  });

  it('orders by instant, not by text (fractions of any length)', () => {
    // As text, "…:00Z" sorts after "…:00.5Z" ('Z' > '.'); as instants it is earlier.
    expect(compareTimestamps('2024-01-31T12:00:00Z', '2024-01-31T12:00:00.5Z')).toBe(-1);
    expect(compareTimestamps('2024-01-31T12:00:00.000001Z', '2024-01-31T12:00:00Z')).toBe(1);
    expect(compareTimestamps('2024-01-31T12:00:00.10Z', '2024-01-31T12:00:00.1Z')).toBe(0);
    expect(compareTimestamps('2024-01-31T13:00:00+02:00', '2024-01-31T12:00:00Z')).toBe(-1);
  });
});
