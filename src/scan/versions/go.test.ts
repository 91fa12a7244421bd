import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalGoVersion, goComparator } from './go.js';
import { checkOrderLaws, expectNoFailures, extra, loadVectors, orderOps, runVectors } from './vectors-harness.js';

describe('go comparator', () => {
  it('passes every golang.org/x/mod/semver vector', () => {
    const mod = loadVectors('go.golang-mod-semver.json');
    const failures = runVectors(mod.vectors, orderOps(goComparator.compare));
    const canonical = extra<{ in: string; canonical: string | null }[]>(mod, 'canonical');
    for (const { in: version, canonical: expected } of canonical) {
      if (canonicalGoVersion(version) !== (expected ?? undefined)) failures.push(`Canonical(${version}) should be ${expected}`);
      if (goComparator.isValid(version) !== (expected !== null)) failures.push(`isValid(${version}) should be ${expected !== null}`);
    }
    // TestSort: semver.Sort breaks ties between equal versions by string order.
    const golden = extra<string[]>(mod, 'sort_golden');
    const sorted = [...golden].reverse().sort((a, b) => goComparator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0));
    if (sorted.join(' ') !== golden.join(' ')) failures.push(`Sort gave ${sorted.join(' ')}`);
    expectNoFailures(failures, mod.vectors.length + canonical.length + 1);
  });

  it('orders generated versions consistently, and never throws on arbitrary strings', () => {
    const version = fc.stringMatching(/^v?[0-2](\.[0-2](\.[0-2](-(pre|0|[0-9]{14}-abc)(\.[0-9])?)?(\+incompatible)?)?)?$/);
    checkOrderLaws(goComparator.compare, version);
    checkOrderLaws(goComparator.compare, fc.string({ maxLength: 12 }), 500);
  });

  it('reads OSV versions without the v, ignores +incompatible, and orders pseudo-versions as pre-releases', () => {
    expect(goComparator.compare('1.21.9', 'v1.21.9')).toBe(0);
    expect(goComparator.compare('v2.0.0+incompatible', 'v2.0.0')).toBe(0);
    expect(goComparator.compare('v0.0.0-20220101000000-abcdef123456', 'v0.0.0')).toBeLessThan(0);
    expect(goComparator.compare('v1.2.4-0.20220101000000-abcdef123456', 'v1.2.3')).toBeGreaterThan(0);
  });
});
