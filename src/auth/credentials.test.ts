import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { parseAuthorization } from './credentials.js';

const basic = (userPass: string) => `Basic ${Buffer.from(userPass, 'utf8').toString('base64')}`;

describe('parseAuthorization', () => {
  it.each([undefined, ''])('returns undefined when the header is %j', (header) => {
    expect(parseAuthorization(header)).toBeUndefined();
  });

  it('reads a Bearer token', () => {
    expect(parseAuthorization('Bearer eyJhbGciOiJFUzI1NiJ9.e30.sig')).toEqual({ scheme: 'bearer', token: 'eyJhbGciOiJFUzI1NiJ9.e30.sig' });
  });

  it('treats the scheme case-insensitively (RFC 9110 §11.1) and trims the value', () => {
    expect(parseAuthorization('bearer abc')).toEqual({ scheme: 'bearer', token: 'abc' });
    expect(parseAuthorization('BEARER   abc  ')).toEqual({ scheme: 'bearer', token: 'abc' });
    expect(parseAuthorization(basic('alice:pw').replace('Basic', 'bAsIc'))).toEqual({ scheme: 'basic', username: 'alice', password: 'pw' });
  });

  it('reads Basic credentials, splitting at the first colon only', () => {
    expect(parseAuthorization(basic('alice:s3cr:et'))).toEqual({ scheme: 'basic', username: 'alice', password: 's3cr:et' });
  });

  it('allows an empty username or password (robot tokens are sent as the password)', () => {
    expect(parseAuthorization(basic(':alk_token'))).toEqual({ scheme: 'basic', username: '', password: 'alk_token' });
    expect(parseAuthorization(basic('alice:'))).toEqual({ scheme: 'basic', username: 'alice', password: '' });
  });

  it('decodes UTF-8', () => {
    expect(parseAuthorization(basic('jürgen:pässwörd✓'))).toEqual({ scheme: 'basic', username: 'jürgen', password: 'pässwörd✓' });
  });

  it.each([
    ['a scheme alone', 'Bearer'],
    ['an empty bearer token', 'Bearer '],
    ['a leading space', ' Bearer abc'],
    ['Basic without colon', basic('alice')],
    ['Basic that is not base64 of anything', 'Basic !!!'],
    ['Basic with nothing', 'Basic '],
    ['an unknown scheme', 'Digest username="alice"'],
    ['a token without scheme', 'alk_0123456789abcdef_secret'],
  ])('is malformed with %s', (_label, header) => {
    expect(parseAuthorization(header)).toBe('malformed');
  });

  it('round-trips any username without a colon and any password', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }).filter((u) => !u.includes(':')), fc.string({ unit: 'grapheme' }), (username, password) => {
        expect(parseAuthorization(basic(`${username}:${password}`))).toEqual({ scheme: 'basic', username, password });
      }),
    );
  });

  it('round-trips any bearer token without surrounding whitespace', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9._~+/-]+=*$/), (token) => {
        expect(parseAuthorization(`Bearer ${token}`)).toEqual({ scheme: 'bearer', token });
      }),
    );
  });
});
