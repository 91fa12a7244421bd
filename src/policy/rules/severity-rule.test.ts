import { describe, expect, it } from 'vitest';
import { finding, input, judge } from '../evaluation-harness.js';

const findings = [
  finding('CVE-1', 'critical', { fixedVersion: '3.0.13-1~deb12u1' }),
  finding('CVE-2', 'critical'),
  finding('CVE-3', 'high', { fixedVersion: '3.0.13-1~deb12u1' }),
  finding('CVE-4', 'high'),
  finding('CVE-5', 'medium', { fixedVersion: '1' }),
  finding('CVE-6', 'low'),
  finding('CVE-7', 'unknown', { fixedVersion: '1' }),
];

const ids = (rules: string) => judge(rules, input({ findings })).reasons.map((reason) => reason.vulnerabilityId);

describe('severity rule', () => {
  it('means that severity or worse', () => {
    expect(ids('    - {id: r, deny: {severity: critical}}\n')).toEqual(['CVE-1', 'CVE-2']);
    expect(ids('    - {id: r, deny: {severity: high}}\n')).toEqual(['CVE-1', 'CVE-2', 'CVE-3', 'CVE-4']);
    expect(ids('    - {id: r, deny: {severity: low}}\n')).toEqual(['CVE-1', 'CVE-2', 'CVE-3', 'CVE-4', 'CVE-5', 'CVE-6']);
  });

  it('never counts unknown severities', () => {
    expect(ids('    - {id: r, deny: {severity: low}}\n')).not.toContain('CVE-7');
  });

  it('narrows to findings with (or without) a fix', () => {
    expect(ids('    - {id: r, deny: {severity: high, fixAvailable: true}}\n')).toEqual(['CVE-1', 'CVE-3']);
    expect(ids('    - {id: r, deny: {severity: high, fixAvailable: false}}\n')).toEqual(['CVE-2', 'CVE-4']);
  });

  it('tells the developer what to upgrade to, or that there is no fix', () => {
    const evaluation = judge('    - {id: no-high, deny: {severity: high}}\n', input({ findings: findings.slice(2, 4) }));
    expect(evaluation.outcome).toBe('fail');
    expect(evaluation.results[0]).toMatchObject({ ruleId: 'no-high', policy: 'org', kind: 'severity', action: 'deny', status: 'fail', message: '2 violations' });
    expect(evaluation.reasons[0]).toEqual({
      ruleId: 'no-high',
      policy: 'org',
      message: 'CVE-3 (high) in openssl 3.0.11-1~deb12u2: the policy denies high or worse vulnerabilities; upgrade openssl to 3.0.13-1~deb12u1 or later',
      vulnerabilityId: 'CVE-3',
      aliases: [],
      package: 'openssl',
      packageType: 'dpkg',
      purl: 'pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12',
      installedVersion: '3.0.11-1~deb12u2',
      fixedVersion: '3.0.13-1~deb12u1',
      severity: 'high',
    });
    expect(evaluation.reasons[1]?.message).toBe(
      'CVE-4 (high) in openssl 3.0.11-1~deb12u2: the policy denies high or worse vulnerabilities; no fix is available yet: remove the package, change the base image, or ask the security team for an exception',
    );
    expect(evaluation.reasons[1]).not.toHaveProperty('fixedVersion');
  });

  it('passes an image without such findings', () => {
    const evaluation = judge('    - {id: r, deny: {severity: critical}}\n', input({ findings: findings.slice(2) }));
    expect(evaluation.outcome).toBe('pass');
    expect(evaluation.results[0]).toMatchObject({ status: 'pass', violations: [] });
  });
});
