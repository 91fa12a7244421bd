import { describe, it, expect } from 'vitest';
import { DUMMY_HASH, hashSecret, verifySecret } from './password-hash.js';

const SECRET = 'correct horse battery staple';

/** Replaces field `index` of a `scrypt$N$r$p$salt$hash` string. */
function withField(stored: string, index: number, value: string): string {
  const fields = stored.split('$');
  fields[index] = value;
  return fields.join('$');
}

/** Flips one bit of the base64 field `index`, keeping it valid base64 of the same length. */
function flipBit(stored: string, index: number): string {
  const fields = stored.split('$');
  const raw = Buffer.from(fields[index]!, 'base64');
  raw[0] = raw[0]! ^ 0x01;
  return withField(stored, index, raw.toString('base64'));
}

describe('hashSecret', () => {
  it('writes scrypt$N$r$p$salt$key with a 16-byte salt and a 32-byte key', async () => {
    const stored = await hashSecret(SECRET);
    const [scheme, n, r, p, salt, key, ...rest] = stored.split('$');
    expect([scheme, n, r, p]).toEqual(['scrypt', '16384', '8', '1']);
    expect(Buffer.from(salt!, 'base64')).toHaveLength(16);
    expect(Buffer.from(key!, 'base64')).toHaveLength(32);
    expect(rest).toEqual([]);
    expect(stored).not.toContain(SECRET);
  });

  it('salts every hash differently, and each one verifies', async () => {
    const [first, second] = await Promise.all([hashSecret(SECRET), hashSecret(SECRET)]);
    expect(first).not.toBe(second);
    expect(first.split('$')[4]).not.toBe(second.split('$')[4]);
    expect(await verifySecret(SECRET, first)).toBe(true);
    expect(await verifySecret(SECRET, second)).toBe(true);
  });
});

describe('verifySecret', () => {
  it('round-trips, including empty and non-ASCII secrets', async () => {
    for (const secret of [SECRET, '', 'pässwörd ✓ 秘密', 'a'.repeat(1024)]) {
      expect(await verifySecret(secret, await hashSecret(secret))).toBe(true);
    }
  });

  it('refuses a wrong secret, including near misses', async () => {
    const stored = await hashSecret(SECRET);
    for (const wrong of ['', 'correct horse battery stapl', `${SECRET} `, SECRET.toUpperCase(), 'Correct horse battery staple']) {
      expect(await verifySecret(wrong, stored)).toBe(false);
    }
  });

  it('refuses when the stored key or salt was tampered with', async () => {
    const stored = await hashSecret(SECRET);
    expect(await verifySecret(SECRET, flipBit(stored, 5))).toBe(false);
    expect(await verifySecret(SECRET, flipBit(stored, 4))).toBe(false);
    expect(await verifySecret(SECRET, withField(stored, 5, Buffer.alloc(16).toString('base64')))).toBe(false);
  });

  it('refuses when a cost parameter was changed to another valid value', async () => {
    const stored = await hashSecret(SECRET);
    expect(await verifySecret(SECRET, withField(stored, 1, '8192'))).toBe(false);
    expect(await verifySecret(SECRET, withField(stored, 2, '4'))).toBe(false);
    expect(await verifySecret(SECRET, withField(stored, 3, '2'))).toBe(false);
  });

  it('returns false, rather than throwing, for parameters scrypt refuses', async () => {
    const stored = await hashSecret(SECRET);
    for (const [index, value] of [
      [1, '16385'],
      [1, 'lots'],
      [2, '-1'],
      [3, '1.5'],
    ] as const) {
      await expect(verifySecret(SECRET, withField(stored, index, value))).resolves.toBe(false);
    }
  });

  it.each([
    ['empty', ''],
    ['not a hash', 'hunter2'],
    ['another scheme', 'bcrypt$2b$10$abcdefghijklmnopqrstuu'],
    ['missing the key', 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA=='],
    ['empty key', 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$'],
  ])('refuses a stored value that is %s', async (_label, stored) => {
    expect(await verifySecret(SECRET, stored)).toBe(false);
  });

  it('runs the full check against the dummy hash and never matches it', async () => {
    for (const secret of ['', SECRET, 'admin']) expect(await verifySecret(secret, DUMMY_HASH)).toBe(false);
  });
});
