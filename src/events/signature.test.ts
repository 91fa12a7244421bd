import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signBody, verifySignature } from './signature.js';

const secret = 'whsec-0123456789abcdef';
const body = Buffer.from('{"specversion":"1.0","id":"e1","data":{"é":"ü"}}', 'utf8');

describe('webhook signatures', () => {
  it('is sha256=<hex HMAC-SHA256 of the raw body>', () => {
    expect(signBody(secret, body)).toBe(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
    expect(signBody(secret, body.toString('utf8'))).toBe(signBody(secret, body));
  });

  it('verifies the exact body with the right secret only', () => {
    const header = signBody(secret, body);
    expect(verifySignature(secret, body, header)).toBe(true);
    expect(verifySignature(secret, body, header.toUpperCase().replace('SHA256=', 'sha256='))).toBe(true);
    expect(verifySignature('whsec-another-secret!!', body, header)).toBe(false);
    expect(verifySignature(secret, Buffer.concat([body, Buffer.from(' ')]), header)).toBe(false);
    // Re-serialised JSON is a different byte string: receivers must verify the raw body.
    expect(verifySignature(secret, JSON.stringify(JSON.parse(body.toString('utf8')), null, 1), header)).toBe(false);
  });

  it('rejects missing and malformed headers', () => {
    const hex = signBody(secret, body).slice('sha256='.length);
    for (const header of [undefined, null, '', hex, `sha1=${hex}`, `sha256=${hex.slice(2)}`, `sha256=${hex}00`, `sha256=${'z'.repeat(64)}`]) {
      expect(verifySignature(secret, body, header)).toBe(false);
    }
  });
});
