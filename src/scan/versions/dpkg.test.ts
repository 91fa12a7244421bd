import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dpkgComparator, verrevcmp } from './dpkg.js';
import { checkOrderLaws, expectNoFailures, extra, loadVectors, orderOps, runValidity, runVectors } from './vectors-harness.js';

interface SortTest {
  function: 'version_compare' | 'version_compare_part' | 'version_compare_string';
  input: string[];
  expected_sorted: string[];
}

describe('dpkg comparator', () => {
  it('passes every dpkg and osv-detector Debian vector', () => {
    const ops = orderOps(dpkgComparator.compare);
    const dpkg = loadVectors('debian.dpkg.json');
    const files = [dpkg, loadVectors('debian.osv-detector.json'), loadVectors('debian.osv-detector-generated.json')];
    const failures = files.flatMap((file) => runVectors(file.vectors, ops));
    failures.push(...runValidity(dpkgComparator, extra<string[]>(dpkg, 'invalid'), false));
    // Every version seen in real advisories is one dpkg accepts. (Not so for debian.dpkg.json: t-version.c
    // compares version structs directly, e.g. upstream "a" in "0:a-0", which parseversion() would warn about.)
    const named = files.slice(1).flatMap((file) => file.vectors.flatMap(([left, , right]) => [left, right]));
    failures.push(...runValidity(dpkgComparator, [...new Set(named)], true));
    // Dpkg_Version.t's sort tests: whole versions, and verrevcmp on version parts and plain strings.
    for (const test of extra<SortTest[]>(dpkg, 'sort_tests')) {
      const compare = test.function === 'version_compare' ? dpkgComparator.compare : verrevcmp;
      const sorted = [...test.input].sort(compare);
      if (sorted.join(' ') !== test.expected_sorted.join(' ')) failures.push(`${test.function} sorted ${sorted.join(' ')}`);
    }
    const total = files.reduce((n, file) => n + file.vectors.length, 0);
    expectNoFailures(failures, total);
  });

  it('orders generated versions consistently, and never throws on arbitrary strings', () => {
    const version = fc.stringMatching(/^([0-2]:)?[0-9][0-9a-c.+~]{0,6}(-[0-9a-c.+~]{1,4})?$/);
    checkOrderLaws(dpkgComparator.compare, version);
    checkOrderLaws(dpkgComparator.compare, fc.string({ maxLength: 12 }), 500);
  });

  it('sorts a tilde before the end of the string, and epochs above everything else', () => {
    expect(dpkgComparator.compare('1.0~rc1-1', '1.0-1')).toBeLessThan(0);
    expect(dpkgComparator.compare('1:0.1', '9.9')).toBeGreaterThan(0);
  });
});
