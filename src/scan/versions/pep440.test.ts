import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizePep440, pep440Comparator } from './pep440.js';
import { ascendingPairs, checkOrderLaws, expectNoFailures, extra, loadVectors, orderOps, runValidity, runVectors } from './vectors-harness.js';

describe('pep440 comparator (PyPI)', () => {
  it('passes every packaging and osv-detector PyPI vector', () => {
    const ops = orderOps(pep440Comparator.compare);
    const packaging = loadVectors('pypi.pep440-packaging.json');
    const osv = [loadVectors('pypi.osv-detector.json'), loadVectors('pypi.osv-detector-generated.json')];
    // test_version.py checks every pair of its sorted list, not only the adjacent ones in "vectors".
    const sortedPairs = ascendingPairs(extra<string[]>(packaging, 'sorted'));
    const normalized = extra<[string, string][]>(packaging, 'normalized');
    const failures = [
      ...runVectors(packaging.vectors, ops),
      ...runVectors(sortedPairs, ops),
      ...osv.flatMap((file) => runVectors(file.vectors, ops)),
      ...runValidity(pep440Comparator, extra<string[]>(packaging, 'invalid'), false),
      ...normalized.flatMap(([input, normal]) =>
        normalizePep440(input) === normal && pep440Comparator.compare(input, normal) === 0 ? [] : [`${input} should normalise to ${normal}`],
      ),
    ];
    const total = packaging.vectors.length + sortedPairs.length + normalized.length + osv.reduce((n, f) => n + f.vectors.length, 0);
    expectNoFailures(failures, total);
  });

  it('orders generated versions consistently, and never throws on arbitrary strings', () => {
    const version = fc.stringMatching(/^([0-2]!)?[0-2](\.[0-2]){0,2}((a|b|rc)[0-2])?(\.post[0-2])?(\.dev[0-2])?(\+[a-z0-9]{1,2}(\.[0-9]))?$/);
    checkOrderLaws(pep440Comparator.compare, version);
    checkOrderLaws(pep440Comparator.compare, fc.string({ maxLength: 12 }), 500);
  });

  it('sorts legacy (non-PEP 440) versions before valid ones, in setuptools order', () => {
    expect(pep440Comparator.isValid('0.9-doduo')).toBe(false);
    expect(pep440Comparator.compare('0.9-doduo', '0.0.1')).toBeLessThan(0);
    expect(pep440Comparator.compare('0.9-doduo', '0.9-eevee')).toBeLessThan(0);
    expect(pep440Comparator.compare('2.0-beta-1', '2.0-rc-1')).toBeLessThan(0);
  });
});
