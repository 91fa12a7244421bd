import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { createDigester, digestOf, isDigest, parseDigest } from './digest.js';
import { OciError } from './errors.js';
import { thrown } from '../../test/helpers/thrown.js';

// Well-known test vectors: the digests of the empty string and of `{}` (the OCI empty descriptor).
const SHA256_EMPTY = 'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const SHA512_EMPTY =
  'sha512:cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e';
const SHA256_EMPTY_JSON = 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a';

const HEX = '0123456789abcdef';
const hex = (length: number) => fc.string({ unit: fc.constantFrom(...HEX), minLength: length, maxLength: length });
/** The whole accepted language, written independently of the implementation. */
const REFERENCE = /^(?:sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;

function refusal(value: string): OciError {
  return thrown(OciError, () => parseDigest(value), `parseDigest(${JSON.stringify(value)})`);
}

describe('digestOf', () => {
  it('computes the published sha256 and sha512 vectors', () => {
    expect(digestOf('')).toBe(SHA256_EMPTY);
    expect(digestOf(new Uint8Array(0), 'sha512')).toBe(SHA512_EMPTY);
    expect(digestOf('{}')).toBe(SHA256_EMPTY_JSON);
  });

  it('gives the same digest for a string and its UTF-8 bytes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(digestOf(text)).toBe(digestOf(Buffer.from(text, 'utf8')));
      }),
    );
  });

  it('agrees with an incremental digester fed in chunks', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 8 }), fc.constantFrom('sha256' as const, 'sha512' as const), (chunks, algorithm) => {
        const digester = createDigester(algorithm);
        for (const chunk of chunks) digester.update(chunk);
        expect(`${algorithm}:${digester.digest('hex')}`).toBe(digestOf(Buffer.concat(chunks), algorithm));
      }),
    );
  });
});

describe('parseDigest', () => {
  it('splits a sha256 digest into algorithm and hex', () => {
    expect(parseDigest(SHA256_EMPTY)).toEqual({ algorithm: 'sha256', hex: SHA256_EMPTY.slice(7), digest: SHA256_EMPTY });
  });

  it('accepts sha512', () => {
    expect(parseDigest(SHA512_EMPTY)).toEqual({ algorithm: 'sha512', hex: SHA512_EMPTY.slice(7), digest: SHA512_EMPTY });
  });

  it('accepts everything digestOf produces', () => {
    fc.assert(
      fc.property(fc.uint8Array(), fc.constantFrom('sha256' as const, 'sha512' as const), (bytes, algorithm) => {
        const digest = digestOf(bytes, algorithm);
        const parsed = parseDigest(digest);
        expect(parsed.algorithm).toBe(algorithm);
        expect(parsed.digest).toBe(digest);
        expect(parsed.hex).toHaveLength(algorithm === 'sha256' ? 64 : 128);
      }),
    );
  });

  it.each([
    ['empty', ''],
    ['no algorithm', SHA256_EMPTY.slice(7)],
    ['no colon', `sha256${SHA256_EMPTY.slice(7)}`],
    ['empty hex', 'sha256:'],
    ['uppercase hex', SHA256_EMPTY.toUpperCase().replace('SHA256', 'sha256')],
    ['uppercase algorithm', SHA256_EMPTY.replace('sha256', 'SHA256')],
    ['too short', SHA256_EMPTY.slice(0, -1)],
    ['too long', `${SHA256_EMPTY}0`],
    ['sha512 length under sha256', `sha256:${SHA512_EMPTY.slice(7)}`],
    ['sha256 length under sha512', `sha512:${SHA256_EMPTY.slice(7)}`],
    ['non-hex letters', `sha256:${'g'.repeat(64)}`],
    ['leading space', ` ${SHA256_EMPTY}`],
    ['trailing newline', `${SHA256_EMPTY}\n`],
    ['two colons', `sha256:${SHA256_EMPTY}`],
  ])('refuses %s as DIGEST_INVALID', (_label, value) => {
    const error = refusal(value);
    expect(error.code).toBe('DIGEST_INVALID');
    expect(error.status).toBe(400);
  });

  it.each(['md5:d41d8cd98f00b204e9800998ecf8427e', `sha384:${'a'.repeat(96)}`, `blake3:${'a'.repeat(64)}`, `sha256+b64u:${'a'.repeat(43)}`])(
    'refuses the unregistered algorithm of %s and says which ones work',
    (value) => {
      const error = refusal(value);
      expect(error.code).toBe('DIGEST_INVALID');
      expect(error.message).toContain('use sha256 or sha512');
    },
  );

  it('says how long a digest of the algorithm must be', () => {
    expect(refusal('sha512:abc').message).toContain('sha512 digests are 128 lowercase hex characters');
  });

  it('truncates very long input in its message', () => {
    const message = refusal(`x${'y'.repeat(500)}`).message;
    expect(message).toContain(`"x${'y'.repeat(76)}..."`);
    expect(message.length).toBeLessThan(200);
  });

  it('accepts exactly the sha256/sha512 lowercase-hex language (any string)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 140 }), (value) => {
        expect(isDigest(value)).toBe(REFERENCE.test(value));
      }),
    );
  });

  it('refuses a valid digest with any single character changed to a non-hex one', () => {
    fc.assert(
      fc.property(hex(64), fc.nat(63), fc.constantFrom('G', 'A', 'z', ':', '/', ' ', '-'), (encoded, position, replacement) => {
        const mutated = `sha256:${encoded.slice(0, position)}${replacement}${encoded.slice(position + 1)}`;
        expect(isDigest(`sha256:${encoded}`)).toBe(true);
        expect(isDigest(mutated)).toBe(false);
      }),
    );
  });
});
