import { describe, expect, it } from 'vitest';
import { input, judge } from '../evaluation-harness.js';
import type { PolicyOs } from '../policy-input.js';

const at = (date: string) => Date.parse(date);
const eol = (os: PolicyOs | undefined, now = at('2025-03-01T12:00:00Z')) => judge('    - {id: eol, deny: {endOfLife: true}}\n', input({ os }), { now });

describe('baseOs rule: endOfLife', () => {
  it.each<[string, string, boolean]>([
    ['debian', '12.5', false],
    ['debian', '11', false],
    ['debian', '10.13', true],
    ['debian', '9', true],
    ['debian', '13', false],
    ['ubuntu', '22.04', false],
    ['ubuntu', '20.04', false],
    ['ubuntu', '18.04', true],
    ['alpine', '3.21.2', false],
    ['alpine', '3.18.4', false],
    ['alpine', '3.17.0', true],
    ['rhel', '7.9', true],
    ['rhel', '9.4', false],
    ['rocky', '8.9', false],
    ['almalinux', '9.3', false],
    ['centos', '7.9.2009', true],
    ['amzn', '2', false],
    ['amzn', '2023.4.20240401', false],
  ])('%s %s is past its end of life on 2025-03-01: %s', (family, version, past) => {
    expect(eol({ family, version }).outcome).toBe(past ? 'fail' : 'pass');
  });

  it('ends a release the day after its last day (UTC)', () => {
    // Debian 10 LTS: last day 2024-06-30.
    expect(eol({ family: 'debian', version: '10' }, at('2024-06-30T23:59:59.999Z')).outcome).toBe('pass');
    expect(eol({ family: 'debian', version: '10' }, at('2024-07-01T00:00:00Z')).outcome).toBe('fail');
  });

  it('says when support ended and what to move to', () => {
    expect(eol({ family: 'debian', version: '10.13' }).reasons[0]?.message).toBe(
      'Debian 10.13 reached end of life on 2024-06-30 and gets no security updates: move to a supported release such as Debian 13',
    );
    expect(eol({ family: 'alpine', version: '3.17.0' }).reasons[0]?.message).toBe(
      'Alpine 3.17.0 reached end of life on 2024-11-22 and gets no security updates: move to a supported release such as Alpine 3.21',
    );
  });

  it('treats releases older than the table as past their end of life', () => {
    expect(eol({ family: 'debian', version: '7.11' }).reasons[0]?.message).toBe(
      'Debian 7.11 is older than Debian 8, which reached end of life on 2020-06-30: move to a supported release such as Debian 13',
    );
    expect(eol({ family: 'alpine', version: '3.9.6' }).outcome).toBe('fail');
    expect(eol({ family: 'ubuntu', version: '12.04' }).outcome).toBe('fail');
  });

  it.each<[PolicyOs | undefined, string]>([
    [undefined, 'the image has no recognisable OS (scratch or distroless without os-release)'],
    [{ family: 'debian', version: '14' }, 'the end of life of Debian 14 is not known to this Airlock version'],
    [{ family: 'ubuntu', version: '23.10' }, 'the end of life of Ubuntu 23.10 is not known to this Airlock version'],
    [{ family: 'fedora', version: '40' }, 'no end-of-life dates are known for fedora'],
    [{ family: 'debian', version: '' }, 'the Debian release is unknown'],
  ])('skips %j with a message', (os, message) => {
    const evaluation = eol(os);
    expect(evaluation.results[0]).toMatchObject({ status: 'skip', message });
    expect(evaluation.outcome).toBe('pass');
  });
});

describe('baseOs rule: os', () => {
  const deny = (condition: string, os: PolicyOs) => judge(`    - {id: os, deny: {os: ${condition}}}\n`, input({ os }));

  it('denies a family, or some of its releases', () => {
    expect(deny('{family: centos}', { family: 'centos', version: '7.9.2009' }).outcome).toBe('fail');
    expect(deny('{family: Debian, versions: "<11"}', { family: 'debian', version: '10.13' }).outcome).toBe('fail');
    expect(deny('{family: debian, versions: "<11"}', { family: 'debian', version: '11.9' }).outcome).toBe('pass');
    expect(deny('{family: debian, versions: "<=11"}', { family: 'debian', version: '11.9' }).outcome).toBe('fail');
    expect(deny('{family: alpine, versions: "<3.19"}', { family: 'alpine', version: '3.18.6' }).outcome).toBe('fail');
    expect(deny('{family: alpine, versions: "<3.19"}', { family: 'alpine', version: '3.19.1' }).outcome).toBe('pass');
    expect(deny('{family: debian, versions: "<11"}', { family: 'ubuntu', version: '10.04' }).outcome).toBe('pass');
  });

  it('explains the denial', () => {
    expect(deny('{family: debian, versions: "<11"}', { family: 'debian', version: '10.13' }).reasons[0]?.message).toBe(
      'Debian 10.13 is a base OS the policy denies (debian <11): move to a supported release such as Debian 13',
    );
  });

  it('combines with endOfLife: either one fails the image', () => {
    const both = '{id: base, deny: {endOfLife: true, os: {family: alpine, versions: "<3.20"}}}';
    expect(judge(`    - ${both}\n`, input({ os: { family: 'alpine', version: '3.19.4' } })).outcome).toBe('fail');
    expect(judge(`    - ${both}\n`, input({ os: { family: 'alpine', version: '3.21.0' } })).outcome).toBe('pass');
    expect(judge(`    - ${both}\n`, input({ os: { family: 'debian', version: '9' } })).outcome).toBe('fail');
    // Unknown end of life but a decidable os condition: evaluated, not skipped.
    expect(judge(`    - ${both}\n`, input({ os: { family: 'fedora', version: '40' } })).results[0]?.status).toBe('pass');
  });
});
