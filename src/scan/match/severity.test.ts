import { describe, expect, it } from 'vitest';
import { bestCvss, higherSeverity, scoreVector, severityOfLabel, severityOfScore } from './severity.js';

describe('CVSS scoring', () => {
  it('scores v2, v3.0, v3.1 and v4.0 vectors', () => {
    expect(scoreVector('AV:N/AC:L/Au:N/C:P/I:P/A:P')).toEqual({ version: '2.0', vector: 'AV:N/AC:L/Au:N/C:P/I:P/A:P', score: 7.5 });
    expect(scoreVector('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')?.score).toBe(9.8);
    expect(scoreVector('CVSS:3.0/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H')?.score).toBe(8.8);
    expect(scoreVector('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N')?.score).toBe(9.3);
    expect(scoreVector('CVSS:3.1/garbage')).toBeUndefined();
    expect(scoreVector('not a vector')).toBeUndefined();
  });

  it('prefers the newest CVSS version, then the highest score', () => {
    const best = bestCvss([
      { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' },
      { type: 'CVSS_V4', score: 'CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:P/VC:N/VI:N/VA:N/SC:L/SI:L/SA:L' },
      { type: 'Ubuntu', score: 'high' },
    ]);
    expect(best?.version).toBe('4.0');
  });

  it('rates scores with the standard bands (v2 has no critical)', () => {
    expect(severityOfScore({ version: '3.1', vector: '', score: 9.0 })).toBe('critical');
    expect(severityOfScore({ version: '3.1', vector: '', score: 8.9 })).toBe('high');
    expect(severityOfScore({ version: '3.1', vector: '', score: 4.0 })).toBe('medium');
    expect(severityOfScore({ version: '3.1', vector: '', score: 0.1 })).toBe('low');
    expect(severityOfScore({ version: '3.1', vector: '', score: 0 })).toBe('unknown');
    expect(severityOfScore({ version: '2.0', vector: '', score: 10 })).toBe('high');
  });

  it('reads sources’ own ratings and orders severities', () => {
    expect(severityOfLabel('MODERATE')).toBe('medium');
    expect(severityOfLabel('important')).toBe('high');
    expect(severityOfLabel('whatever')).toBeUndefined();
    expect(severityOfLabel(3)).toBeUndefined();
    expect(higherSeverity('low', 'critical')).toBe('critical');
    expect(higherSeverity('unknown', 'low')).toBe('low');
  });
});
