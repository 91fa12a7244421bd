import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareVersions } from './evaluation-harness.js';
import { inRange, parseVersionRange, type VersionRange } from './version-range.js';

function range(text: string): VersionRange {
  const parsed = parseVersionRange(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.range;
}

const npm = (a: string, b: string) => compareVersions('npm', a, b);

describe('parseVersionRange', () => {
  it.each([
    ['<1.2.6', [[{ operator: '<', version: '1.2.6' }]]],
    ['>=1.0 <2.0', [[{ operator: '>=', version: '1.0' }, { operator: '<', version: '2.0' }]]],
    ['>=1.0, <2.0', [[{ operator: '>=', version: '1.0' }, { operator: '<', version: '2.0' }]]],
    ['>= 1.0 , < 2.0', [[{ operator: '>=', version: '1.0' }, { operator: '<', version: '2.0' }]]],
    ['1.2.3', [[{ operator: '=', version: '1.2.3' }]]],
    ['==1.2.3', [[{ operator: '=', version: '1.2.3' }]]],
    ['!=1.2.3', [[{ operator: '!=', version: '1.2.3' }]]],
    ['<1.0 || >=3.0', [[{ operator: '<', version: '1.0' }], [{ operator: '>=', version: '3.0' }]]],
    ['<1:2.0-1~deb12u1', [[{ operator: '<', version: '1:2.0-1~deb12u1' }]]],
  ])('reads %j', (text, alternatives) => {
    expect(parseVersionRange(text)).toEqual({ ok: true, range: { text, alternatives } });
  });

  it.each(['', '   ', '<', '1.0 <', '>=1.0 ||', '|| <2', 'a|b', '<=>1', '>= ,'])('rejects %j with a message', (text) => {
    const parsed = parseVersionRange(text);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.message).toMatch(/version range|cannot read|empty alternative/);
  });

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const parsed = parseVersionRange(text);
        if (parsed.ok) expect(parsed.range.alternatives.every((alternative) => alternative.length > 0)).toBe(true);
      }),
    );
  });
});

describe('inRange with an ecosystem comparator', () => {
  it.each([
    ['<1.2.6', '1.2.5', true],
    ['<1.2.6', '1.2.6', false],
    ['<1.2.6', '1.2.10', false],
    ['<1.2.6', '1.2.6-beta.1', true],
    ['<=1.2.6', '1.2.6', true],
    ['>1.0', '1.0', false],
    ['>=1.0 <2.0', '1.9.9', true],
    ['>=1.0 <2.0', '2.0.0', false],
    ['>=1.0, <2.0', '0.9', false],
    ['1.2.3', '1.2.3', true],
    ['1.2.3', '1.2.4', false],
    ['!=1.2.3', '1.2.4', true],
    ['<1.0 || >=3.0', '0.5', true],
    ['<1.0 || >=3.0', '2.0', false],
    ['<1.0 || >=3.0', '3.0', true],
  ])('%s holds for %s: %s', (text, version, expected) => {
    expect(inRange(range(text), version, npm)).toBe(expected);
  });

  it('orders by the comparator it is given, not by text', () => {
    // As text, "1.2.10" < "1.2.9"; as versions it is not.
    expect(inRange(range('<1.2.9'), '1.2.10', npm)).toBe(false);
    // Debian epochs: 1:1.0 sorts after 2.0.
    expect(inRange(range('<2.0'), '1:1.0', (a, b) => compareVersions('Debian', a, b))).toBe(false);
  });
});
