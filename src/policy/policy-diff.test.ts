import { describe, expect, it } from 'vitest';
import { DEFAULT_ORG_POLICY } from './default-policy.js';
import { policy } from './evaluation-harness.js';
import { parsePolicyDocument } from './policy-document.js';
import { diffPolicies, renderCondition, renderPolicyDiff } from './policy-diff.js';

const before = parsePolicyDocument(DEFAULT_ORG_POLICY);
const after = policy(
  [
    '    - {id: no-critical, description: "No critical vulnerabilities, fixed or not.", deny: {severity: critical}}',
    '    - {id: no-fixable-high, warn: {fixAvailable: true, severity: high}}',
    '    - {id: ban-old-minimist, deny: {package: {ecosystem: npm, name: minimist, versions: "<1.2.6"}}}',
    '',
  ].join('\n'),
  { gracePeriod: '3d' },
);

describe('diffPolicies', () => {
  it('lists added, removed and changed rules with before and after, and the grace period', () => {
    const diff = diffPolicies(before, after);
    expect(diff.identical).toBe(false);
    expect(diff.gracePeriod).toEqual({ before: '7d', beforeMs: 7 * 86_400_000, after: '3d', afterMs: 3 * 86_400_000 });
    expect(diff.rulesAdded).toEqual([{ id: 'ban-old-minimist', action: 'deny', kind: 'package', condition: { package: { ecosystem: 'npm', name: 'minimist', versions: '<1.2.6' } } }]);
    expect(diff.rulesRemoved).toEqual([]);
    expect(diff.rulesChanged).toEqual([
      {
        id: 'no-fixable-high',
        before: { id: 'no-fixable-high', action: 'deny', kind: 'severity', condition: { severity: 'high', fixAvailable: true }, description: 'No high vulnerabilities that already have a fix.' },
        after: { id: 'no-fixable-high', action: 'warn', kind: 'severity', condition: { fixAvailable: true, severity: 'high' } },
      },
    ]);
    // The metadata description differs too.
    expect(diff.metadata?.before.description).toBe("Airlock's default organisation policy");
  });

  it('renders one line per change', () => {
    expect(renderPolicyDiff(diffPolicies(before, after))).toBe(
      [
        "~ metadata: {name: org, description: \"Airlock's default organisation policy\"} → {name: org}",
        '~ grace period: 7d → 3d',
        '+ rule ban-old-minimist: deny {package: {ecosystem: npm, name: minimist, versions: "<1.2.6"}}',
        '~ rule no-fixable-high: deny {severity: high, fixAvailable: true} — No high vulnerabilities that already have a fix. → warn {fixAvailable: true, severity: high}',
      ].join('\n'),
    );
    expect(renderPolicyDiff(diffPolicies(after, before))).toContain('- rule ban-old-minimist: deny {package:');
  });

  it('ignores key order and finds no change between equal documents', () => {
    const a = policy('    - {id: r, deny: {severity: high, fixAvailable: true}}\n');
    const b = policy('    - id: r\n      deny:\n        fixAvailable: true\n        severity: high\n');
    expect(diffPolicies(a, b)).toEqual({ identical: true, rulesAdded: [], rulesRemoved: [], rulesChanged: [] });
    expect(renderPolicyDiff(diffPolicies(a, b))).toBe('no changes');
  });

  it('notices a grace period appearing or disappearing', () => {
    expect(renderPolicyDiff(diffPolicies(policy(''), policy('', { gracePeriod: '1d' })))).toBe('~ grace period: none → 1d');
  });

  it('renders conditions compactly', () => {
    expect(renderCondition({ vulnerabilities: ['CVE-2021-44228', 'GHSA-jfh8-c2jp-5v3q'] })).toBe('{vulnerabilities: [CVE-2021-44228, GHSA-jfh8-c2jp-5v3q]}');
    expect(renderCondition({ max: { severity: 'high', count: 3 } })).toBe('{max: {severity: high, count: 3}}');
  });
});
