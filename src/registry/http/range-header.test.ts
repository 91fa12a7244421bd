import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { RegistryError } from '../errors.js';
import { parseContentRange, parseReadRange, uploadedRange, type ReadRange } from './range-header.js';

const SIZE = 1000;

describe('parseReadRange (RFC 9110 §14.1.2, one byte range)', () => {
  it.each<[string, ReadRange]>([
    // int-range: first-pos "-" last-pos, inclusive
    ['bytes=0-99', { start: 0, end: 99 }],
    ['bytes=0-0', { start: 0, end: 0 }],
    ['bytes=999-999', { start: 999, end: 999 }],
    ['bytes=0-999', { start: 0, end: 999 }],
    ['bytes=500-600', { start: 500, end: 600 }],
    // last-pos past the end: the end of the representation
    ['bytes=900-5000', { start: 900, end: 999 }],
    ['bytes=0-99999999999999999999', { start: 0, end: 999 }],
    // open-ended: from first-pos to the end
    ['bytes=100-', { start: 100, end: 999 }],
    ['bytes=0-', { start: 0, end: 999 }],
    ['bytes=999-', { start: 999, end: 999 }],
    // suffix-range: the last N bytes
    ['bytes=-100', { start: 900, end: 999 }],
    ['bytes=-1', { start: 999, end: 999 }],
    ['bytes=-1000', { start: 0, end: 999 }],
    ['bytes=-5000', { start: 0, end: 999 }],
  ])('%s of a 1000-byte blob is %j', (header, expected) => {
    expect(parseReadRange(header, SIZE)).toEqual(expected);
  });

  it.each([
    ['first-pos at the size', 'bytes=1000-'],
    ['first-pos past the size', 'bytes=1500-2000'],
    ['a zero-length suffix', 'bytes=-0'],
    ['last-pos before first-pos', 'bytes=500-400'],
  ])('%s is unsatisfiable', (_label, header) => {
    expect(parseReadRange(header, SIZE)).toBe('unsatisfiable');
  });

  it('nothing of an empty blob is satisfiable', () => {
    for (const header of ['bytes=0-', 'bytes=0-0', 'bytes=-1', 'bytes=-0']) expect(parseReadRange(header, 0)).toBe('unsatisfiable');
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['an unknown unit (must be ignored)', 'items=0-5'],
    ['no positions', 'bytes=-'],
    ['several ranges', 'bytes=0-1,5-6'],
    ['negative numbers', 'bytes=-5-10'],
    ['non-digits', 'bytes=a-b'],
    ['a fraction', 'bytes=0.5-10'],
    ['no unit', '0-99'],
    ['spaces inside', 'bytes = 0-99'],
    ['the Content-Range syntax', 'bytes 0-99/1000'],
  ])('serves the whole blob for %s', (_label, header) => {
    expect(parseReadRange(header, SIZE)).toBeUndefined();
  });

  it('tolerates surrounding whitespace', () => {
    expect(parseReadRange('  bytes=1-2 ', SIZE)).toEqual({ start: 1, end: 2 });
  });

  it('matches the RFC for any int-range and size', () => {
    fc.assert(
      fc.property(fc.nat(10_000), fc.nat(10_000), fc.nat(10_000), (size, a, b) => {
        const [first, last] = a <= b ? [a, b] : [b, a];
        const expected = first >= size ? 'unsatisfiable' : { start: first, end: Math.min(last, size - 1) };
        expect(parseReadRange(`bytes=${first}-${last}`, size)).toEqual(expected);
      }),
    );
  });

  it('matches the RFC for any suffix-range and size', () => {
    fc.assert(
      fc.property(fc.nat(10_000), fc.nat(10_000), (size, suffix) => {
        const expected = suffix === 0 || size === 0 ? 'unsatisfiable' : { start: Math.max(0, size - suffix), end: size - 1 };
        expect(parseReadRange(`bytes=-${suffix}`, size)).toEqual(expected);
      }),
    );
  });

  it('never returns a range outside the blob', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^bytes=\d{0,5}-\d{0,5}$/)), fc.nat(10_000), (header, size) => {
        const range = parseReadRange(header, size);
        if (range === undefined || range === 'unsatisfiable') return;
        expect(range.start).toBeGreaterThanOrEqual(0);
        expect(range.start).toBeLessThanOrEqual(range.end);
        expect(range.end).toBeLessThan(size);
      }),
    );
  });
});

describe('parseContentRange (distribution spec chunked upload)', () => {
  it.each([
    ['0-99', { start: 0, end: 99 }],
    ['100-199', { start: 100, end: 199 }],
    ['0-0', { start: 0, end: 0 }],
    ['bytes 0-99', { start: 0, end: 99 }],
    ['0-99/100', { start: 0, end: 99 }],
    ['bytes 0-99/*', { start: 0, end: 99 }],
    [' 5-9 ', { start: 5, end: 9 }],
  ])('%j is %j', (header, expected) => {
    expect(parseContentRange(header)).toEqual(expected);
  });

  it('is undefined when absent', () => {
    expect(parseContentRange(undefined)).toBeUndefined();
  });

  it.each(['', '0-', '-99', 'bytes=0-99', 'abc', '0-99/', '0-99/abc', '0 - 99', '1.5-2'])('refuses %j with 416 BLOB_UPLOAD_INVALID', (header) => {
    const call = () => parseContentRange(header);
    expect(call).toThrow(RegistryError);
    expect(call).toThrow(expect.objectContaining({ code: 'BLOB_UPLOAD_INVALID', status: 416 }));
  });

  it('refuses an end before its start, naming both', () => {
    expect(() => parseContentRange('99-0')).toThrow('Content-Range end 0 is before its start 99');
  });
});

describe('uploadedRange', () => {
  it('is the inclusive range received so far, 0-0 when nothing was', () => {
    expect(uploadedRange(0)).toBe('0-0');
    expect(uploadedRange(1)).toBe('0-0');
    expect(uploadedRange(100)).toBe('0-99');
    expect(uploadedRange(95110423)).toBe('0-95110422');
  });
});
