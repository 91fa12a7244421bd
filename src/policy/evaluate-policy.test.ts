import { describe, expect, it } from 'vitest';
import { DEFAULT_ORG_POLICY } from './default-policy.js';
import { evaluatePolicy } from './evaluate-policy.js';
import { DAY, NOW, compareVersions, exception, finding, image, input, pkg, policy } from './evaluation-harness.js';
import { parsePolicyDocument } from './policy-document.js';

const org = parsePolicyDocument(DEFAULT_ORG_POLICY);
const critical = finding('CVE-2024-0001', 'critical', { aliases: ['GHSA-aaaa-bbbb-cccc'], fixedVersion: '3.0.13-1~deb12u1' });
const fixableHigh = finding('CVE-2024-0002', 'high', { fixedVersion: '3.0.13-1~deb12u1' });
const unfixedHigh = finding('CVE-2024-0003', 'high');
const medium = finding('CVE-2024-0004', 'medium', { package: 'zlib1g', purl: 'pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1?arch=amd64', installedVersion: '1:1.2.13.dfsg-1' });

const evaluate = (options: Partial<Parameters<typeof evaluatePolicy>[0]>, subject = input()) =>
  evaluatePolicy({ org, exceptions: [], now: NOW, compareVersions, ...options }, subject);

describe('evaluatePolicy with the default org policy', () => {
  it('passes an image with only unfixed highs and mediums', () => {
    const evaluation = evaluate({}, input({ findings: [unfixedHigh, medium] }));
    expect(evaluation).toEqual({
      outcome: 'pass',
      results: [
        { ruleId: 'no-critical', policy: 'org', kind: 'severity', action: 'deny', status: 'pass', violations: [] },
        { ruleId: 'no-fixable-high', policy: 'org', kind: 'severity', action: 'deny', status: 'pass', violations: [] },
      ],
      reasons: [],
      warnings: [],
      exceptionsApplied: [],
      gracePeriodMs: 7 * DAY,
    });
  });

  it('fails an image with a critical or a fixable high, giving every reason', () => {
    const evaluation = evaluate({}, input({ findings: [critical, fixableHigh, unfixedHigh] }));
    expect(evaluation.outcome).toBe('fail');
    expect(evaluation.reasons.map((reason) => [reason.ruleId, reason.vulnerabilityId])).toEqual([
      ['no-critical', 'CVE-2024-0001'],
      ['no-fixable-high', 'CVE-2024-0001'],
      ['no-fixable-high', 'CVE-2024-0002'],
    ]);
  });
});

describe('team policies only tighten', () => {
  const team = policy('    - {id: no-medium, deny: {severity: medium}}\n    - {id: no-critical, warn: {severity: critical}}\n', { team: 'payments', gracePeriod: '2d' });

  it('adds the team rules to the org rules, evaluated after them', () => {
    const evaluation = evaluate({ team }, input({ findings: [medium] }));
    expect(evaluation.results.map((result) => `${result.policy}/${result.ruleId}:${result.status}`)).toEqual([
      'org/no-critical:pass',
      'org/no-fixable-high:pass',
      'payments/no-medium:fail',
      'payments/no-critical:pass',
    ]);
    expect(evaluation.outcome).toBe('fail');
    expect(evaluation.reasons[0]).toMatchObject({ policy: 'payments', ruleId: 'no-medium', vulnerabilityId: 'CVE-2024-0004' });
  });

  it('cannot weaken an org rule by reusing its id as a warning', () => {
    const evaluation = evaluate({ team }, input({ findings: [critical] }));
    expect(evaluation.outcome).toBe('fail');
    expect(evaluation.reasons.some((reason) => reason.policy === 'org' && reason.ruleId === 'no-critical')).toBe(true);
    expect(evaluation.warnings.map((reason) => `${reason.policy}/${reason.ruleId}`)).toEqual(['payments/no-critical']);
  });

  it('takes the smaller grace period; a team cannot lengthen it', () => {
    expect(evaluate({ team }).gracePeriodMs).toBe(2 * DAY);
    expect(evaluate({ team: policy('', { team: 'payments', gracePeriod: '30d' }) }).gracePeriodMs).toBe(7 * DAY);
    expect(evaluate({ team: policy('', { team: 'payments' }) }).gracePeriodMs).toBe(7 * DAY);
    expect(evaluate({ org: policy(''), team: policy('', { team: 'payments', gracePeriod: '1d' }) }).gracePeriodMs).toBe(0);
  });

  it('refuses a team policy in the org slot and an org policy in the team slot', () => {
    expect(() => evaluate({ org: team })).toThrow("policy payments is team payments's policy, not the org policy");
    expect(() => evaluate({ team: org })).toThrow('policy org is an org policy, not a team policy');
  });
});

describe('exceptions in an evaluation', () => {
  it('suppress finding-based violations and say which rules they suppressed', () => {
    const accepted = exception({ id: 'ex-critical', vulnerability: 'GHSA-aaaa-bbbb-cccc' });
    const evaluation = evaluate({ exceptions: [accepted] }, input({ findings: [critical, unfixedHigh] }));
    expect(evaluation.outcome).toBe('pass');
    expect(evaluation.exceptionsApplied).toEqual([
      {
        exceptionId: 'ex-critical',
        scope: 'org',
        vulnerabilityId: 'CVE-2024-0001',
        package: 'openssl',
        purl: critical.purl,
        installedVersion: critical.installedVersion,
        expiresAt: accepted.expiresAt,
        rules: [
          { policy: 'org', ruleId: 'no-critical' },
          { policy: 'org', ruleId: 'no-fixable-high' },
        ],
      },
    ]);
  });

  it('list nothing when the covered finding would not have violated anything', () => {
    const evaluation = evaluate({ exceptions: [exception({ vulnerability: 'CVE-2024-0004' })] }, input({ findings: [medium] }));
    expect(evaluation.exceptionsApplied).toEqual([]);
  });

  it('are not counted by max rules', () => {
    const org2 = policy('    - {id: few, deny: {max: {severity: high, count: 1}}}\n');
    const subject = input({ findings: [fixableHigh, unfixedHigh] });
    expect(evaluate({ org: org2 }, subject).outcome).toBe('fail');
    const evaluation = evaluate({ org: org2, exceptions: [exception({ vulnerability: 'CVE-2024-0003' })] }, subject);
    expect(evaluation.outcome).toBe('pass');
    expect(evaluation.exceptionsApplied.map((applied) => applied.rules)).toEqual([[{ policy: 'org', ruleId: 'few' }]]);
  });

  it('suppress vulnerabilities rules too', () => {
    const org2 = policy('    - {id: named, deny: {vulnerabilities: [CVE-2024-0004]}}\n');
    expect(evaluate({ org: org2, exceptions: [exception({ vulnerability: 'CVE-2024-0004' })] }, input({ findings: [medium] })).outcome).toBe('pass');
  });

  it('never suppress package, licence, age, OS or label rules', () => {
    const org2 = policy('    - {id: ban, deny: {package: {ecosystem: npm, name: minimist}}}\n    - {id: eol, deny: {endOfLife: true}}\n');
    const subject = input({ os: { family: 'debian', version: '9' }, packages: [pkg('minimist', '1.2.5')], findings: [finding('CVE-2021-44906', 'critical', { package: 'minimist', packageType: 'npm', purl: 'pkg:npm/minimist@1.2.5' })] });
    const evaluation = evaluate({ org: org2, exceptions: [exception({ vulnerability: 'CVE-2021-44906' })] }, subject);
    expect(evaluation.outcome).toBe('fail');
    expect(evaluation.reasons.map((reason) => reason.ruleId)).toEqual(['ban', 'eol']);
    expect(evaluation.exceptionsApplied).toEqual([]);
  });

  it('ignore exceptions for another team or repository, and expired or revoked ones', () => {
    const subject = input({ image: image({ team: 'payments', repository: 'quarantine/payments/api' }), findings: [critical] });
    for (const ignored of [
      exception({ vulnerability: 'CVE-2024-0001', scope: 'team:search' }),
      exception({ vulnerability: 'CVE-2024-0001', scope: 'repository:payments/web' }),
      exception({ vulnerability: 'CVE-2024-0001', expiresAt: NOW }),
      exception({ vulnerability: 'CVE-2024-0001', revokedAt: NOW - 1, revokedBy: 'ciso' }),
    ]) {
      expect(evaluate({ exceptions: [ignored] }, subject).outcome).toBe('fail');
    }
    expect(evaluate({ exceptions: [exception({ vulnerability: 'CVE-2024-0001', scope: 'repository:payments/api' })] }, subject).outcome).toBe('pass');
    expect(evaluate({ exceptions: [exception({ vulnerability: 'CVE-2024-0001', scope: 'team:payments' })] }, subject).outcome).toBe('pass');
  });
});

describe('rule statuses and the outcome', () => {
  it('fails closed on a deny rule that cannot be evaluated, and only warns for a warn rule', () => {
    const broken = () => {
      throw new Error('no comparator');
    };
    const subject = input({ packages: [pkg('minimist', '1.2.5')] });
    const deny = evaluate({ org: policy('    - {id: r, deny: {package: {ecosystem: npm, name: minimist, versions: "<2"}}}\n'), compareVersions: broken }, subject);
    expect(deny.outcome).toBe('fail');
    const warn = evaluate({ org: policy('    - {id: r, warn: {package: {ecosystem: npm, name: minimist, versions: "<2"}}}\n'), compareVersions: broken }, subject);
    expect(warn.outcome).toBe('pass');
    expect(warn.results[0]?.status).toBe('error');
    expect(warn.warnings[0]?.message).toMatch(/^rule r could not be evaluated/);
  });

  it('never fails on a skipped rule', () => {
    const evaluation = evaluate({ org: policy('    - {id: eol, deny: {endOfLife: true}}\n') }, input({ os: undefined }));
    expect(evaluation.results[0]?.status).toBe('skip');
    expect(evaluation.outcome).toBe('pass');
  });

  it('is reproducible: the same input and time give the same evaluation', () => {
    const subject = input({ findings: [critical, fixableHigh, medium] });
    const options = { exceptions: [exception({ vulnerability: 'CVE-2024-0002' })] };
    expect(evaluate(options, subject)).toEqual(evaluate(options, structuredClone(subject)));
  });
});
