import { describe, expect, it } from 'vitest';
import { namespacePolicy, type PodSecurityDefaults } from './namespace-policy.js';

const privilegedLatest = { level: 'privileged', version: 'latest' };

describe('namespacePolicy', () => {
  it('defaults every mode to privileged:latest when nothing is configured', () => {
    expect(namespacePolicy(undefined, {})).toEqual({
      policy: { enforce: privilegedLatest, warn: privilegedLatest, audit: privilegedLatest },
      problems: [],
    });
  });

  it('reads each mode and version label', () => {
    const { policy, problems } = namespacePolicy(
      {
        'pod-security.kubernetes.io/enforce': 'baseline',
        'pod-security.kubernetes.io/enforce-version': 'v1.29',
        'pod-security.kubernetes.io/warn': 'restricted',
        'pod-security.kubernetes.io/audit': 'restricted',
        'pod-security.kubernetes.io/audit-version': 'v1.35',
        'app.kubernetes.io/name': 'shop',
      },
      {},
    );
    expect(problems).toEqual([]);
    expect(policy).toEqual({
      enforce: { level: 'baseline', version: 'v1.29' },
      warn: { level: 'restricted', version: 'latest' },
      audit: { level: 'restricted', version: 'v1.35' },
    });
  });

  it('falls back to the cluster defaults for labels that are absent', () => {
    const defaults: PodSecurityDefaults = {
      enforce: { level: 'baseline', version: 'v1.30' },
      warn: { level: 'restricted', version: 'latest' },
    };
    const { policy } = namespacePolicy({ 'pod-security.kubernetes.io/enforce-version': 'v1.33' }, defaults);
    expect(policy.enforce).toEqual({ level: 'baseline', version: 'v1.33' });
    expect(policy.warn).toEqual({ level: 'restricted', version: 'latest' });
    expect(policy.audit).toEqual(privilegedLatest);
  });

  it('evaluates an invalid enforce level as restricted and reports the label', () => {
    const { policy, problems } = namespacePolicy({ 'pod-security.kubernetes.io/enforce': 'strict' }, {});
    expect(policy.enforce).toEqual({ level: 'restricted', version: 'latest' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('pod-security.kubernetes.io/enforce="strict"');
    expect(problems[0]).toContain('restricted');
  });

  it('evaluates invalid warn and audit levels as privileged (fail open, as upstream)', () => {
    const defaults: PodSecurityDefaults = { warn: { level: 'baseline', version: 'latest' } };
    const { policy, problems } = namespacePolicy(
      { 'pod-security.kubernetes.io/warn': 'Baseline', 'pod-security.kubernetes.io/audit': '' },
      defaults,
    );
    expect(policy.warn.level).toBe('privileged');
    expect(policy.audit.level).toBe('privileged');
    expect(problems.map((problem) => problem.split('=')[0])).toEqual([
      'label pod-security.kubernetes.io/warn',
      'label pod-security.kubernetes.io/audit',
    ]);
  });

  it('evaluates an invalid version as latest and names the label', () => {
    const { policy, problems } = namespacePolicy(
      { 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/enforce-version': '1.25' },
      { enforce: { level: 'privileged', version: 'v1.20' } },
    );
    expect(policy.enforce).toEqual({ level: 'baseline', version: 'latest' });
    expect(problems).toEqual([expect.stringContaining('pod-security.kubernetes.io/enforce-version="1.25"')]);
  });

  it('reports invalid defaults instead of evaluating them', () => {
    const defaults = { enforce: { level: 'strict', version: 'v9' } } as unknown as PodSecurityDefaults;
    const { policy, problems } = namespacePolicy({}, defaults);
    expect(policy.enforce).toEqual({ level: 'restricted', version: 'latest' });
    expect(problems).toHaveLength(2);
  });

  it('treats a non-string label value as invalid', () => {
    const labels = { 'pod-security.kubernetes.io/enforce': 3 } as unknown as Record<string, string>;
    expect(namespacePolicy(labels, {}).policy.enforce.level).toBe('restricted');
  });
});
