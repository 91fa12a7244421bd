import { describe, expect, it } from 'vitest';
import { finding, input, judge } from '../evaluation-harness.js';

const highs = (count: number) => Array.from({ length: count }, (_, i) => finding(`CVE-2024-${1000 + i}`, i % 2 === 0 ? 'high' : 'critical'));
const rule = '    - {id: few-highs, deny: {max: {severity: high, count: 3}}}\n';

describe('max rule', () => {
  it('allows up to count findings of that severity or worse', () => {
    expect(judge(rule, input({ findings: highs(3) })).outcome).toBe('pass');
    expect(judge(rule, input({ findings: [...highs(3), finding('CVE-M', 'medium'), finding('CVE-L', 'low')] })).outcome).toBe('pass');
  });

  it('over the limit, names every counted finding and how many must go', () => {
    const evaluation = judge(rule, input({ findings: highs(5) }));
    expect(evaluation.outcome).toBe('fail');
    expect(evaluation.reasons).toHaveLength(5);
    expect(evaluation.reasons[0]?.message).toBe(
      'CVE-2024-1000 (high) in openssl 3.0.11-1~deb12u2 is one of 5 high or worse findings, the policy allows at most 3: fix at least 2; no fix is available yet: remove the package, change the base image, or ask the security team for an exception',
    );
  });

  it('with count 0 behaves like a severity rule', () => {
    const evaluation = judge('    - {id: none, deny: {max: {severity: critical, count: 0}}}\n', input({ findings: highs(2) }));
    expect(evaluation.reasons.map((reason) => reason.vulnerabilityId)).toEqual(['CVE-2024-1001']);
  });

  it('as a warning never fails the image', () => {
    const evaluation = judge('    - {id: few, warn: {max: {severity: high, count: 1}}}\n', input({ findings: highs(2) }));
    expect(evaluation.outcome).toBe('pass');
    expect(evaluation.results[0]?.status).toBe('warn');
    expect(evaluation.warnings).toHaveLength(2);
    expect(evaluation.reasons).toEqual([]);
  });
});
