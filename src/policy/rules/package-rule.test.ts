import { describe, expect, it } from 'vitest';
import { input, judge, pkg } from '../evaluation-harness.js';

const packages = [
  pkg('minimist', '1.2.5'),
  pkg('minimist', '1.2.8'),
  pkg('lodash', '4.17.21'),
  pkg('PyYAML', '5.3.1', 'python'),
  pkg('openssl', '3.0.11-1~deb12u2', 'dpkg', { purl: 'pkg:deb/debian/openssl@3.0.11-1~deb12u2' }),
  pkg('busybox', '1.36.1-r2', 'apk'),
];

const hits = (condition: string, os = input().os) =>
  judge(`    - {id: r, deny: {package: ${condition}}}\n`, input({ packages, os })).reasons.map((reason) => `${reason.package}@${reason.installedVersion}`);

describe('package rule', () => {
  it('denies versions in a range, ordered by the ecosystem comparator', () => {
    expect(hits('{ecosystem: npm, name: minimist, versions: "<1.2.6"}')).toEqual(['minimist@1.2.5']);
    expect(hits('{ecosystem: npm, name: minimist, versions: ">=1.0 <2.0"}')).toEqual(['minimist@1.2.5', 'minimist@1.2.8']);
    expect(hits('{ecosystem: npm, name: minimist, versions: "<1.0 || >=1.2.7"}')).toEqual(['minimist@1.2.8']);
    expect(hits('{ecosystem: npm, name: minimist, versions: "1.2.5"}')).toEqual(['minimist@1.2.5']);
  });

  it('denies every version without a range', () => {
    expect(hits('{ecosystem: npm, name: lodash}')).toEqual(['lodash@4.17.21']);
  });

  it('maps package types to ecosystems and follows their name rules', () => {
    expect(hits('{ecosystem: PyPI, name: pyyaml, versions: "<5.4"}')).toEqual(['PyYAML@5.3.1']);
    expect(hits('{ecosystem: pypi, name: pyyaml}')).toEqual(['PyYAML@5.3.1']);
    expect(hits('{ecosystem: npm, name: PyYAML}')).toEqual([]);
    expect(hits('{ecosystem: Debian, name: openssl, versions: "<3.0.13"}')).toEqual(['openssl@3.0.11-1~deb12u2']);
    expect(hits('{ecosystem: Alpine, name: busybox}')).toEqual(['busybox@1.36.1-r2']);
  });

  it('takes dpkg packages as the OS family too', () => {
    const ubuntu = { family: 'ubuntu', version: '22.04' };
    expect(hits('{ecosystem: Ubuntu, name: openssl}', ubuntu)).toEqual(['openssl@3.0.11-1~deb12u2']);
    expect(hits('{ecosystem: Debian, name: openssl}', ubuntu)).toEqual(['openssl@3.0.11-1~deb12u2']);
    expect(hits('{ecosystem: Ubuntu, name: openssl}')).toEqual([]);
  });

  it('explains what to do', () => {
    const evaluation = judge('    - {id: ban-old-minimist, deny: {package: {ecosystem: npm, name: minimist, versions: "<1.2.6"}}}\n', input({ packages }));
    expect(evaluation.reasons).toEqual([
      {
        ruleId: 'ban-old-minimist',
        policy: 'org',
        message: 'minimist 1.2.5 (npm): versions <1.2.6 of minimist are denied; upgrade to a version outside <1.2.6 or remove it',
        package: 'minimist',
        packageType: 'npm',
        purl: 'pkg:npm/minimist@1.2.5',
        installedVersion: '1.2.5',
      },
    ]);
  });

  it('is an error, failing the image, when the comparator cannot order the ecosystem', () => {
    const evaluation = judge(
      '    - {id: r, deny: {package: {ecosystem: npm, name: minimist, versions: "<1.2.6"}}}\n',
      input({ packages }),
      { compareVersions: () => { throw new Error('no comparator for ecosystem npm'); } },
    );
    expect(evaluation.results[0]).toMatchObject({ status: 'error', message: 'cannot compare npm versions (minimist 1.2.5 against "<1.2.6"): no comparator for ecosystem npm' });
    expect(evaluation.outcome).toBe('fail');
    expect(evaluation.reasons[0]?.message).toMatch(/^rule r could not be evaluated: cannot compare npm versions/);
  });
});
