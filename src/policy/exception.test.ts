import { describe, expect, it } from 'vitest';
import { DAY, NOW, exception, finding, image } from './evaluation-harness.js';
import { applies, exceptionStatus, parseScope, scopeCovers, validateNewException, type NewException } from './exception.js';

const heartbleed = finding('CVE-2014-0160', 'high', {
  aliases: ['DSA-2896-1', 'GHSA-xxxx-yyyy-zzzz'],
  package: 'openssl',
  purl: 'pkg:deb/debian/openssl@1.0.1e-2+deb7u5?arch=amd64&distro=debian-7',
  installedVersion: '1.0.1e-2+deb7u5',
});
const payments = image({ team: 'payments', repository: 'payments/api' });

describe('applies', () => {
  it('matches the vulnerability by id or any alias, ignoring case', () => {
    expect(applies(exception({ vulnerability: 'CVE-2014-0160' }), heartbleed, payments, NOW)).toBe(true);
    expect(applies(exception({ vulnerability: 'dsa-2896-1' }), heartbleed, payments, NOW)).toBe(true);
    expect(applies(exception({ vulnerability: 'CVE-2099-0001', aliases: ['GHSA-xxxx-yyyy-zzzz'] }), heartbleed, payments, NOW)).toBe(true);
    expect(applies(exception({ vulnerability: 'CVE-2014-0161' }), heartbleed, payments, NOW)).toBe(false);
  });

  it('covers one package when it names one, by name or purl', () => {
    const cve = { vulnerability: 'CVE-2014-0160' };
    expect(applies(exception({ ...cve, package: 'openssl' }), heartbleed, payments, NOW)).toBe(true);
    expect(applies(exception({ ...cve, package: 'libssl1.0.0' }), heartbleed, payments, NOW)).toBe(false);
    expect(applies(exception({ ...cve, package: 'pkg:deb/debian/openssl' }), heartbleed, payments, NOW)).toBe(true);
    expect(applies(exception({ ...cve, package: 'pkg:deb/debian/openssl@1.0.1e-2+deb7u5?arch=amd64' }), heartbleed, payments, NOW)).toBe(true);
    expect(applies(exception({ ...cve, package: 'pkg:deb/debian/openssl@1.0.1e-2+deb7u4' }), heartbleed, payments, NOW)).toBe(false);
    expect(applies(exception({ ...cve, package: 'pkg:deb/ubuntu/openssl' }), heartbleed, payments, NOW)).toBe(false);
  });

  it('respects its scope', () => {
    const cve = { vulnerability: 'CVE-2014-0160' };
    expect(applies(exception({ ...cve, scope: 'org' }), heartbleed, payments, NOW)).toBe(true);
    expect(applies(exception({ ...cve, scope: 'team:payments' }), heartbleed, payments, NOW)).toBe(true);
    expect(applies(exception({ ...cve, scope: 'team:search' }), heartbleed, payments, NOW)).toBe(false);
    expect(applies(exception({ ...cve, scope: 'repository:payments/api' }), heartbleed, payments, NOW)).toBe(true);
    expect(applies(exception({ ...cve, scope: 'repository:payments/api' }), heartbleed, image({ repository: 'quarantine/payments/api' }), NOW)).toBe(true);
    expect(applies(exception({ ...cve, scope: 'repository:payments/api-v2' }), heartbleed, payments, NOW)).toBe(false);
  });

  it('stops at its expiry: in force just before, not at the instant itself', () => {
    const expiring = exception({ vulnerability: 'CVE-2014-0160', expiresAt: NOW + 1000 });
    expect(applies(expiring, heartbleed, payments, NOW + 999)).toBe(true);
    expect(applies(expiring, heartbleed, payments, NOW + 1000)).toBe(false);
    expect(exceptionStatus(expiring, NOW + 999)).toBe('active');
    expect(exceptionStatus(expiring, NOW + 1000)).toBe('expired');
  });

  it('stops when revoked, and revoked wins over expired', () => {
    const revoked = exception({ vulnerability: 'CVE-2014-0160', revokedAt: NOW - 1, revokedBy: 'ciso' });
    expect(applies(revoked, heartbleed, payments, NOW)).toBe(false);
    expect(exceptionStatus(revoked, NOW + 365 * DAY)).toBe('revoked');
    // Replaying a decision made before the revocation gives the same answer as then.
    expect(applies(revoked, heartbleed, payments, NOW - 2)).toBe(true);
  });

  it('does not apply before it was created (replayed decisions)', () => {
    const created = exception({ vulnerability: 'CVE-2014-0160', createdAt: NOW });
    expect(applies(created, heartbleed, payments, NOW - 1)).toBe(false);
    expect(applies(created, heartbleed, payments, NOW)).toBe(true);
  });
});

describe('scopes', () => {
  it.each([
    ['org', 'org'],
    [' team:payments ', 'team:payments'],
    ['repository:payments/api', 'repository:payments/api'],
    ['team:', undefined],
    ['team:a b', undefined],
    ['cluster:prod', undefined],
    ['', undefined],
  ])('parseScope(%j) is %j', (text, scope) => {
    expect(parseScope(text)).toBe(scope);
  });

  it('covers images by team or repository', () => {
    expect(scopeCovers('team:payments', { team: 'payments', repository: 'x/y' })).toBe(true);
    expect(scopeCovers('repository:a/b', { team: 'a', repository: 'quarantine/a/b' })).toBe(true);
  });
});

describe('validateNewException', () => {
  const valid: NewException = { vulnerability: ' CVE-2014-0160 ', scope: 'team:payments', reason: ' heartbeat extension is disabled ', expiresAt: '2025-04-01T00:00:00Z' };

  it('normalises a valid exception', () => {
    expect(validateNewException({ ...valid, aliases: ['CVE-2014-0160', 'DSA-2896-1', 'DSA-2896-1'], package: 'pkg:deb/debian/openssl', justification: 'vulnerable_code_not_in_execute_path' }, NOW)).toEqual({
      ok: true,
      value: {
        vulnerability: 'CVE-2014-0160',
        aliases: ['DSA-2896-1'],
        package: 'pkg:deb/debian/openssl',
        scope: 'team:payments',
        reason: 'heartbeat extension is disabled',
        justification: 'vulnerable_code_not_in_execute_path',
        expiresAt: Date.parse('2025-04-01T00:00:00Z'),
      },
    });
    expect(validateNewException({ ...valid, expiresAt: NOW + 1 }, NOW)).toMatchObject({ ok: true, value: { expiresAt: NOW + 1 } });
  });

  it.each<[string, Partial<NewException>, string, string]>([
    ['no vulnerability', { vulnerability: '' }, 'vulnerability', 'REQUIRED'],
    ['a vulnerability with spaces', { vulnerability: 'CVE 2014 0160' }, 'vulnerability', 'INVALID_VULNERABILITY'],
    ['a bad purl', { package: 'pkg:nothing' }, 'package', 'INVALID_PACKAGE'],
    ['an empty package', { package: ' ' }, 'package', 'INVALID_PACKAGE'],
    ['no scope', { scope: '' }, 'scope', 'REQUIRED'],
    ['a bad scope', { scope: 'cluster:prod' }, 'scope', 'INVALID_SCOPE'],
    ['no reason', { reason: '   ' }, 'reason', 'REQUIRED'],
    ['a huge reason', { reason: 'x'.repeat(4001) }, 'reason', 'TOO_LONG'],
    ['no expiry', { expiresAt: '' }, 'expiresAt', 'REQUIRED'],
    ['an expiry that is not a date', { expiresAt: 'next month' }, 'expiresAt', 'INVALID_EXPIRY'],
    ['a fractional expiry', { expiresAt: 1.5 }, 'expiresAt', 'INVALID_EXPIRY'],
    ['an expiry now', { expiresAt: NOW }, 'expiresAt', 'EXPIRY_NOT_IN_FUTURE'],
    ['an expiry in the past', { expiresAt: '2020-01-01' }, 'expiresAt', 'EXPIRY_NOT_IN_FUTURE'],
    ['an unknown justification', { justification: 'trust_me' }, 'justification', 'INVALID_JUSTIFICATION'],
  ])('rejects %s with a coded issue', (_what, change, field, code) => {
    const result = validateNewException({ ...valid, ...change }, NOW);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.issues.map((issue) => [issue.field, issue.code])).toEqual([[field, code]]);
  });

  it('reports every problem at once', () => {
    const result = validateNewException({ vulnerability: '', scope: 'x', reason: '', expiresAt: 'never' }, NOW);
    expect(result.ok ? [] : result.issues.map((issue) => issue.code)).toEqual(['REQUIRED', 'INVALID_SCOPE', 'REQUIRED', 'INVALID_EXPIRY']);
  });
});
