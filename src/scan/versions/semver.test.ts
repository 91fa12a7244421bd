import fc from 'fast-check';
import type { RangeOptions } from 'semver';
import { describe, expect, it } from 'vitest';
import { satisfies, semverComparator } from './semver.js';
import { checkOrderLaws, expectNoFailures, extra, loadVectors, orderOps, runValidity, runVectors } from './vectors-harness.js';

type RangeVector = [range: string, version: string, options?: boolean | RangeOptions];

describe('semver comparator (npm, crates.io)', () => {
  it('passes every node-semver and osv-detector SemVer vector, and the npm range vectors', () => {
    const npm = loadVectors('npm.node-semver.json');
    const osv = loadVectors('semver.osv-detector.json');
    const ops = orderOps(semverComparator.compare);
    // The 4th element of a node-semver vector is its options; `{loose: true}` ones (`= 1.2.3`) are ordered
    // by compare() too, which parses loosely (isValid stays strict).
    const failures = [...runVectors(npm.vectors, ops), ...runVectors(osv.vectors, ops)];
    const include = extra<RangeVector[]>(npm, 'range_include');
    const exclude = extra<RangeVector[]>(npm, 'range_exclude');
    for (const [range, version, options] of include) {
      if (!satisfies(version, range, options)) failures.push(`${version} should satisfy ${range} ${JSON.stringify(options)}`);
    }
    for (const [range, version, options] of exclude) {
      if (satisfies(version, range, options)) failures.push(`${version} should not satisfy ${range} ${JSON.stringify(options)}`);
    }
    const valid = extra<[string, ...unknown[]][]>(npm, 'valid_versions').map(([version]) => version);
    // Only the string entries: the others test that node-semver refuses objects, which TypeScript already does.
    const invalid = extra<[unknown, string][]>(npm, 'invalid_versions').flatMap(([version]) => (typeof version === 'string' ? [version] : []));
    failures.push(...runValidity(semverComparator, valid, true), ...runValidity(semverComparator, invalid, false));
    expectNoFailures(failures, npm.vectors.length + osv.vectors.length + include.length + exclude.length);
  });

  it('orders generated versions consistently, and never throws on arbitrary strings', () => {
    const version = fc.stringMatching(/^v?[0-2]\.[0-2]\.[0-2](-(alpha|beta|[0-9]{1,2})(\.(alpha|[0-9]))?)?(\+[a-z0-9]{1,3})?$/);
    checkOrderLaws(semverComparator.compare, version);
    checkOrderLaws(semverComparator.compare, fc.string({ maxLength: 12 }), 500);
  });

  it('sorts unparsable versions before all valid ones, by natural order', () => {
    expect(semverComparator.isValid('1.1.3.4.5')).toBe(false);
    expect(semverComparator.compare('1.1.3.4.5', '0.0.0-0')).toBeLessThan(0);
    expect(semverComparator.compare('1.10', '1.9')).toBeGreaterThan(0);
    expect(semverComparator.isValid('=1.2.3')).toBe(false);
    expect(semverComparator.compare('=1.2.3', '1.2.3')).toBe(0);
  });
});
