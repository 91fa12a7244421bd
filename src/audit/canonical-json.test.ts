import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { thrown } from '../../test/helpers/thrown.js';
import { canonicalJson } from './canonical-json.js';
import { AuditError } from './errors.js';

/**
 * Input/output pairs from the JCS reference implementation's test data
 * (github.com/cyberphone/json-canonicalization, testdata/input and testdata/output; Apache-2.0).
 */
const VECTORS: Array<[string, string, string]> = [
  [
    'values.json',
    String.raw`{"numbers": [1E30, 4.50, 333333333.33333329, 2e-3, 0.000000000000000000000000001], "escaping": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/", "literals": [null, true, false]}`,
    String.raw`{"escaping":"€$\u000f\nA'B\"\\\\\"/","literals":[null,true,false],"numbers":[1e+30,4.5,333333333.3333333,0.002,1e-27]}`,
  ],
  [
    'weird.json',
    String.raw`{"\u20ac": "Euro Sign", "1": "One", "\u0080": "Control\u007f", "\ud83d\ude02": "Smiley", "\u00f6": "Latin Small Letter O With Diaeresis", "\ufb33": "Hebrew Letter Dalet With Dagesh", "</script>": "Browser Challenge"}`,
    '{"1":"One","</script>":"Browser Challenge","\u0080":"Control\u007f","\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign","\u{1f602}":"Smiley","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
  ],
  ['arrays.json', '[56, {"d": true, "10": null, "1": [ ]}]', '[56,{"1":[],"10":null,"d":true}]'],
];

describe('canonicalJson', () => {
  it.each(VECTORS)('matches the JCS reference output for %s', (_name, input, output) => {
    expect(canonicalJson(JSON.parse(input))).toBe(output);
  });

  it('sorts keys by UTF-16 code units, not by code point or locale', () => {
    // U+1F600 is D83D DE00 in UTF-16, so it sorts before U+FB33 although its code point is larger.
    expect(canonicalJson({ '\ufb33': 1, '\u{1f600}': 2, '\u00e9': 3, e: 4, Z: 5 })).toBe('{"Z":5,"e":4,"\u00e9":3,"\u{1f600}":2,"\ufb33":1}');
  });

  it('gives the same text whatever the key order, and reads back as the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
        expect(canonicalJson(reversedKeys(value))).toBe(text);
        expect(text).not.toMatch(/^\s|\s$/);
      }),
    );
  });

  it('writes -0 as 0 and leaves out undefined properties, as JSON.stringify does', () => {
    expect(canonicalJson({ b: -0, a: undefined, c: [1.5, 'x'] })).toBe('{"b":0,"c":[1.5,"x"]}');
  });

  it.each([
    ['NaN', { a: Number.NaN }, '$.a: NaN'],
    ['Infinity', { a: [1, Number.POSITIVE_INFINITY] }, '$.a[1]: Infinity'],
    ['a bigint', { a: 1n }, 'bigint'],
    ['a Date', { when: new Date(0) }, 'Date object'],
    ['a Map', { m: new Map() }, 'Map object'],
    ['a function', { f: () => 1 }, 'function'],
    ['undefined in an array', { a: [undefined] }, '$.a[0]: undefined'],
    ['a lone surrogate', { s: '\ud800x' }, 'lone UTF-16 surrogate'],
    ['a lone surrogate in a key', { ['\udc00']: 1 }, 'lone UTF-16 surrogate'],
  ])('refuses %s, naming where it is', (_name, value, message) => {
    const error = thrown(AuditError, () => canonicalJson(value));
    expect(error.code).toBe('INVALID_ENTRY');
    expect(error.message).toContain(message);
  });

  it('refuses a cycle instead of overflowing the stack', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(thrown(AuditError, () => canonicalJson(cyclic)).message).toMatch(/deeper than 64 levels/);
  });
});

function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value).reverse();
  return Object.fromEntries(entries.map(([k, v]) => [k, reversedKeys(v)]));
}
