import { describe, expect, it } from 'vitest';
import { finding, input, judge } from '../evaluation-harness.js';

const log4shell = finding('CVE-2021-44228', 'low', {
  aliases: ['GHSA-jfh8-c2jp-5v3q'],
  package: 'org.apache.logging.log4j:log4j-core',
  packageType: 'java',
  purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
  installedVersion: '2.14.1',
  fixedVersion: '2.15.0',
});

describe('vulnerabilities rule', () => {
  it('denies a named vulnerability whatever its severity', () => {
    const evaluation = judge('    - {id: log4shell, deny: {vulnerabilities: [CVE-2021-44228]}}\n', input({ findings: [log4shell, finding('CVE-2024-0001', 'critical')] }));
    expect(evaluation.outcome).toBe('fail');
    expect(evaluation.reasons).toHaveLength(1);
    expect(evaluation.reasons[0]).toMatchObject({
      vulnerabilityId: 'CVE-2021-44228',
      message: 'CVE-2021-44228 (low) in org.apache.logging.log4j:log4j-core 2.14.1 is denied by name; upgrade org.apache.logging.log4j:log4j-core to 2.15.0 or later',
    });
  });

  it('matches any alias, ignoring case, and says which name matched', () => {
    const evaluation = judge('    - {id: ghsa, deny: {vulnerabilities: [ghsa-jfh8-c2jp-5v3q]}}\n', input({ findings: [log4shell] }));
    expect(evaluation.reasons[0]?.message).toContain('is denied by name (as ghsa-jfh8-c2jp-5v3q)');
  });

  it('passes when none of the names is present', () => {
    expect(judge('    - {id: r, deny: {vulnerabilities: [CVE-2014-0160, GHSA-xxxx-yyyy-zzzz]}}\n', input({ findings: [log4shell] })).outcome).toBe('pass');
  });
});
