import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { DURATION_HELP, parseDuration } from './duration.js';

describe('parseDuration', () => {
  it.each([
    ['250ms', 250],
    ['90s', 90_000],
    ['15m', 900_000],
    ['24h', 86_400_000],
    ['7d', 604_800_000],
    ['2w', 1_209_600_000],
    ['0s', 0],
    [' 5m ', 300_000],
  ])('%j is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '5', 'm', '1.5h', '-5m', '+5m', '5 m', '5M', '5H', '5min', '1h30m', '5s extra', 'five minutes', '1e3s', '0x10s'])('%j is not a duration', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it('multiplies any count by its unit', () => {
    const units = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
    fc.assert(
      fc.property(fc.nat(1_000_000), fc.constantFrom(...(Object.keys(units) as (keyof typeof units)[])), (count, unit) => {
        expect(parseDuration(`${count}${unit}`)).toBe(count * units[unit]);
      }),
    );
  });

  it('understands every example its help text gives', () => {
    const examples = DURATION_HELP.match(/\d+[a-z]+/g) ?? [];
    expect(examples).toEqual(['90s', '15m', '24h', '7d', '2w']);
    for (const example of examples) expect(parseDuration(example)).toBeGreaterThan(0);
  });
});
