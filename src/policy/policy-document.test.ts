import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ORG_POLICY } from './default-policy.js';
import { PolicyError } from './policy-error.js';
import { parsePolicyDocument } from './policy-document.js';

const EXAMPLE = `apiVersion: airlock/v1
kind: Policy
metadata:
  name: org            # or a team name, with \`team: <team>\`
spec:
  gracePeriod: 7d
  rules:
    - id: no-critical
      deny: {severity: critical}
    - id: no-fixable-high
      deny: {severity: high, fixAvailable: true}
    - id: ban-old-minimist
      deny: {package: {ecosystem: npm, name: minimist, versions: "<1.2.6"}}
`;

/** The error a document raises, or a failure when it parses. */
function problem(text: string): PolicyError {
  try {
    parsePolicyDocument(text);
  } catch (error) {
    if (error instanceof PolicyError) return error;
    throw error;
  }
  throw new Error('expected the document to be rejected');
}

/** A document whose rules are `rules` (YAML list items, indented four spaces). */
const withRules = (rules: string) => `apiVersion: airlock/v1\nkind: Policy\nmetadata:\n  name: org\nspec:\n  rules:\n${rules}`;

describe('parsePolicyDocument', () => {
  it('reads the example policy', () => {
    const policy = parsePolicyDocument(EXAMPLE);
    expect(policy.metadata).toEqual({ name: 'org' });
    expect(policy.spec.gracePeriod).toBe('7d');
    expect(policy.spec.gracePeriodMs).toBe(7 * 86_400_000);
    expect(policy.spec.rules.map((rule) => [rule.id, rule.action, rule.kind])).toEqual([
      ['no-critical', 'deny', 'severity'],
      ['no-fixable-high', 'deny', 'severity'],
      ['ban-old-minimist', 'deny', 'package'],
    ]);
    expect(policy.spec.rules[2]?.body).toEqual({ package: { ecosystem: 'npm', name: 'minimist', versions: '<1.2.6' } });
  });

  it('reads the shipped default org policy', () => {
    const policy = parsePolicyDocument(DEFAULT_ORG_POLICY);
    expect(policy.metadata.team).toBeUndefined();
    expect(policy.spec.gracePeriodMs).toBe(7 * 86_400_000);
    expect(policy.spec.rules.map((rule) => [rule.id, rule.body])).toEqual([
      ['no-critical', { severity: 'critical' }],
      ['no-fixable-high', { severity: 'high', fixAvailable: true }],
    ]);
  });

  it('reads a team policy with every rule kind, deny and warn', () => {
    const policy = parsePolicyDocument(`apiVersion: airlock/v1
kind: Policy
metadata: {name: payments-strict, team: payments}
spec:
  gracePeriod: 2d
  rules:
    - {id: sev, deny: {severity: medium}}
    - {id: max, warn: {max: {severity: low, count: 10}}}
    - {id: log4shell, deny: {vulnerabilities: [CVE-2021-44228, GHSA-jfh8-c2jp-5v3q]}}
    - {id: pkg, deny: {package: {ecosystem: PyPI, name: pyyaml, versions: ">=5.1, <5.4 || 6.0.0"}}}
    - {id: lic, deny: {licenses: [GPL-3.0-only, AGPL-3.0-or-later]}}
    - {id: age, warn: {imageAge: 90d}}
    - {id: eol, deny: {endOfLife: true}}
    - {id: old-debian, deny: {os: {family: Debian, versions: "<11"}}}
    - {id: eol-and-os, deny: {endOfLife: true, os: {family: alpine}}}
    - {id: labels, deny: {require: {labels: [org.opencontainers.image.source], annotations: [team]}}}
`);
    expect(policy.metadata).toEqual({ name: 'payments-strict', team: 'payments' });
    expect(policy.spec.rules.map((rule) => `${rule.action}:${rule.kind}`)).toEqual([
      'deny:severity',
      'warn:max',
      'deny:vulnerabilities',
      'deny:package',
      'deny:licenses',
      'warn:imageAge',
      'deny:baseOs',
      'deny:baseOs',
      'deny:baseOs',
      'deny:require',
    ]);
    expect(policy.spec.rules.every((rule) => rule.condition.findingBased === ['severity', 'max', 'vulnerabilities'].includes(rule.kind))).toBe(true);
  });

  it('accepts a policy without rules or grace period', () => {
    const policy = parsePolicyDocument('apiVersion: airlock/v1\nkind: Policy\nmetadata: {name: org}\nspec: {}\n');
    expect(policy.spec).toEqual({ rules: [] });
    // `rules:` with every rule commented out is null in YAML.
    expect(parsePolicyDocument('apiVersion: airlock/v1\nkind: Policy\nmetadata: {name: org}\nspec:\n  rules:\n  # - {id: a, deny: {severity: high}}\n').spec.rules).toEqual([]);
  });

  it('names the path, line and column of a wrong value, as the brief shows', () => {
    const text = withRules('    - id: a\n      deny: {severity: critical}\n    - id: b\n      deny: {severity: high}\n    - id: c\n      deny:\n        severity: hgh\n');
    const error = problem(text);
    expect(error.code).toBe('POLICY_INVALID');
    expect(error.status).toBe(400);
    expect(error.message).toBe('spec.rules[2].deny.severity (line 13, column 19): expected one of critical, high, medium, low');
    expect(error.detail).toEqual({ issues: [{ path: 'spec.rules[2].deny.severity', line: 13, column: 19, message: 'expected one of critical, high, medium, low' }] });
  });

  it('reports every problem of a document at once', () => {
    const error = problem(`apiVersion: airlock/v2
kind: Policy
metadata:
  name: org
spec:
  gracePeriod: soon
  rules:
    - id: a
      deny: {severity: critical}
    - id: a
      warn: {max: {severity: high}}
`);
    expect(error.message.split('\n')).toEqual([
      'apiVersion (line 1, column 13): expected airlock/v1',
      'spec.gracePeriod (line 6, column 16): expected a duration such as 90s, 15m, 24h, 7d or 2w',
      'spec.rules[1].id (line 10, column 11): duplicate rule id a (also spec.rules[0])',
      'spec.rules[1].warn.max.count (line 11, column 19): required: expected a number',
    ]);
  });

  it.each<[string, string, string]>([
    ['YAML syntax', 'apiVersion: airlock/v1\nkind: [Policy\n', 'YAML (line 3, column 1): '],
    ['a duplicate key', 'apiVersion: airlock/v1\napiVersion: airlock/v1\n', 'YAML (line 2, column 1): Map keys must be unique'],
    ['two documents', 'a: 1\n---\nb: 2\n', 'YAML (line 2, column 1): Source contains multiple documents'],
    ['a bad tab', 'apiVersion: airlock/v1\n\tkind: Policy\n', 'YAML (line 2, column 1): '],
    ['an empty document', '', '(document) (line 1, column 1): expected a mapping'],
    ['a list', '- a\n- b\n', '(document) (line 1, column 1): expected a mapping'],
    ['a scalar', 'just text', '(document) (line 1, column 1): expected a mapping'],
    ['a missing kind', 'apiVersion: airlock/v1\nmetadata: {name: org}\nspec: {}\n', 'kind (line 1, column 1): required: expected Policy'],
    ['a wrong kind', 'apiVersion: airlock/v1\nkind: ClusterPolicy\nmetadata: {name: org}\nspec: {}\n', 'kind (line 2, column 7): expected Policy'],
    ['an unknown top-level key', 'apiVersion: airlock/v1\nkind: Policy\nmetadata: {name: org}\nspec: {}\nstatus: {}\n', 'status (line 5, column 1): unknown key "status"'],
    ['an empty name', 'apiVersion: airlock/v1\nkind: Policy\nmetadata: {name: ""}\nspec: {}\n', 'metadata.name (line 3, column 18): must not be empty'],
    ['a numeric grace period', 'apiVersion: airlock/v1\nkind: Policy\nmetadata: {name: org}\nspec: {gracePeriod: 7}\n', 'spec.gracePeriod (line 4, column 21): expected a string'],
    ['rules as a mapping', 'apiVersion: airlock/v1\nkind: Policy\nmetadata: {name: org}\nspec:\n  rules: {id: a}\n', 'spec.rules (line 5, column 10): expected a list'],
    ['a rule without id', withRules('    - deny: {severity: high}\n'), 'spec.rules[0].id (line 7, column 7): required: expected a string'],
    ['a bad rule id', withRules('    - id: no critical\n      deny: {severity: high}\n'), 'spec.rules[0].id (line 7, column 11): expected an id of letters'],
    ['a rule with deny and warn', withRules('    - id: a\n      deny: {severity: high}\n      warn: {severity: low}\n'), 'spec.rules[0] (line 7, column 7): a rule has exactly one of deny: or warn:'],
    ['a rule with neither', withRules('    - id: a\n'), 'spec.rules[0] (line 7, column 7): a rule has exactly one of deny: or warn:'],
    ['an empty condition', withRules('    - id: a\n      deny: {}\n'), 'spec.rules[0].deny (line 8, column 13): expected a condition, one of severity'],
    ['a condition that is a list', withRules('    - id: a\n      deny: [severity]\n'), 'spec.rules[0].deny (line 8, column 13): expected a mapping'],
    ['an unknown condition', withRules('    - id: a\n      deny: {cvss: 9}\n'), 'spec.rules[0].deny.cvss (line 8, column 14): unknown condition "cvss"; expected one of severity, fixAvailable, max'],
    ['two conditions in one rule', withRules('    - id: a\n      deny: {severity: high, licenses: [GPL-3.0-only]}\n'), 'spec.rules[0].deny (line 8, column 13): a rule holds one condition, but this one mixes severity, licenses'],
    ['fixAvailable alone', withRules('    - id: a\n      deny: {fixAvailable: true}\n'), 'spec.rules[0].deny.severity (line 8, column 13): required: expected one of critical, high, medium, low'],
    ['fixAvailable as text', withRules('    - id: a\n      deny: {severity: high, fixAvailable: "yes"}\n'), 'spec.rules[0].deny.fixAvailable (line 8, column 44): expected a boolean'],
    ['severity unknown', withRules('    - id: a\n      deny: {severity: unknown}\n'), 'spec.rules[0].deny.severity (line 8, column 24): expected one of critical, high, medium, low'],
    ['a negative max', withRules('    - id: a\n      deny: {max: {severity: high, count: -1}}\n'), 'spec.rules[0].deny.max.count (line 8, column 43): must be at least 0'],
    ['a fractional max', withRules('    - id: a\n      deny: {max: {severity: high, count: 1.5}}\n'), 'spec.rules[0].deny.max.count (line 8, column 43): expected a whole number'],
    ['an extra key in max', withRules('    - id: a\n      deny: {max: {severity: high, count: 1, fixAvailable: true}}\n'), 'spec.rules[0].deny.max.fixAvailable (line 8, column 46): unknown key "fixAvailable"'],
    ['an empty vulnerability list', withRules('    - id: a\n      deny: {vulnerabilities: []}\n'), 'spec.rules[0].deny.vulnerabilities (line 8, column 31): expected at least 1 item'],
    ['a vulnerability that is not text', withRules('    - id: a\n      deny:\n        vulnerabilities:\n          - CVE-2021-44228\n          - {id: x}\n'), 'spec.rules[0].deny.vulnerabilities[1] (line 11, column 13): expected a string'],
    ['a package without name', withRules('    - id: a\n      deny: {package: {ecosystem: npm}}\n'), 'spec.rules[0].deny.package.name (line 8, column 23): required: expected a string'],
    ['a bad version range', withRules('    - id: a\n      deny:\n        package:\n          ecosystem: npm\n          name: minimist\n          versions: "<1.2.6 ||"\n'), 'spec.rules[0].deny.package.versions (line 12, column 21): empty alternative in "<1.2.6 ||"'],
    ['an operator without version', withRules('    - id: a\n      deny: {package: {ecosystem: npm, name: x, versions: ">= "}}\n'), 'spec.rules[0].deny.package.versions (line 8, column 59): cannot read ">="'],
    ['a licence list of text', withRules('    - id: a\n      deny: {licenses: GPL-3.0-only}\n'), 'spec.rules[0].deny.licenses (line 8, column 24): expected a list'],
    ['a bad image age', withRules('    - id: a\n      deny: {imageAge: 3 months}\n'), 'spec.rules[0].deny.imageAge (line 8, column 24): expected a duration such as 90s, 15m, 24h, 7d or 2w, greater than zero'],
    ['a zero image age', withRules('    - id: a\n      deny: {imageAge: 0d}\n'), 'spec.rules[0].deny.imageAge (line 8, column 24): expected a duration'],
    ['endOfLife false alone', withRules('    - id: a\n      deny: {endOfLife: false}\n'), 'spec.rules[0].deny (line 8, column 13): give endOfLife: true, an os: {family, versions}, or both'],
    ['an os without family', withRules('    - id: a\n      deny: {os: {versions: "<11"}}\n'), 'spec.rules[0].deny.os.family (line 8, column 18): required: expected a string'],
    ['an empty require', withRules('    - id: a\n      deny: {require: {}}\n'), 'spec.rules[0].deny.require (line 8, column 23): name labels, annotations or both'],
    ['require with an unknown list', withRules('    - id: a\n      deny: {require: {env: [A]}}\n'), 'spec.rules[0].deny.require.env (line 8, column 24): unknown key "env"'],
  ])('rejects %s', (_what, text, expected) => {
    const error = problem(text);
    expect(error.code).toBe('POLICY_INVALID');
    expect(error.message.startsWith(expected), `${error.message}\ndoes not start with\n${expected}`).toBe(true);
  });

  it('refuses alias bombs instead of expanding them', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`)].join('\n');
    expect(problem(bomb).message).toMatch(/^YAML: .*alias/i);
  });

  it('never throws anything but a PolicyError, whatever the YAML', () => {
    const anyYaml = fc.oneof(
      fc.string(),
      fc.anything().map((value) => stringify(value) ?? ''),
      fc.record({ apiVersion: fc.constantFrom('airlock/v1', 'v1'), kind: fc.constant('Policy'), metadata: fc.anything(), spec: fc.anything() }).map((value) => stringify(value)),
      fc.array(fc.record({ id: fc.string(), deny: fc.dictionary(fc.constantFrom('severity', 'max', 'package', 'os', 'licenses', 'imageAge', 'x'), fc.anything()) })).map((rules) =>
        stringify({ apiVersion: 'airlock/v1', kind: 'Policy', metadata: { name: 'org' }, spec: { rules } }),
      ),
    );
    fc.assert(
      fc.property(anyYaml, (text) => {
        try {
          parsePolicyDocument(text);
        } catch (error) {
          expect(error).toBeInstanceOf(PolicyError);
          expect((error as PolicyError).code).toBe('POLICY_INVALID');
          expect((error as PolicyError).message).not.toBe('');
        }
      }),
      { numRuns: 500 },
    );
  });
});
