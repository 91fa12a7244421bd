import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rubygemsComparator } from './rubygems.js';
import { checkOrderLaws, expectNoFailures, loadVectors, orderOps, runValidity, runVectors } from './vectors-harness.js';

describe('rubygems comparator', () => {
  it('passes every osv-detector RubyGems vector', () => {
    const files = [loadVectors('rubygems.osv-detector.json'), loadVectors('rubygems.osv-detector-generated.json')];
    const failures = files.flatMap((file) => runVectors(file.vectors, orderOps(rubygemsComparator.compare)));
    // Gem::Version.new accepted every version the generator compared. (The hand-written list also has
    // "1beta" and "1gamma", which Gem::Version rejects: a letter must follow a dot. They sort before
    // "1" as invalid versions, which is what those vectors expect.)
    const named = files[1]!.vectors.flatMap(([left, , right]) => [left, right]);
    failures.push(...runValidity(rubygemsComparator, [...new Set(named)], true));
    expectNoFailures(failures, files.reduce((n, file) => n + file.vectors.length, 0));
  });

  it('orders generated versions consistently, and never throws on arbitrary strings', () => {
    const version = fc.stringMatching(/^[0-2](\.([0-2]|a|b|pre|rc[0-9]?)){0,4}(-[a-z0-9]{1,3})?$/);
    checkOrderLaws(rubygemsComparator.compare, version);
    checkOrderLaws(rubygemsComparator.compare, fc.string({ maxLength: 12 }), 500);
  });

  it('reads - as a pre-release and ignores trailing zeros', () => {
    expect(rubygemsComparator.compare('1.0.0-rc1', '1.0.0')).toBeLessThan(0);
    expect(rubygemsComparator.compare('1.0.0-rc1', '1.0.0.pre.rc1')).toBe(0);
    expect(rubygemsComparator.compare('1.2.0', '1.2')).toBe(0);
    for (const bad of ['', 'a1', '1beta', '1..2', '1.0 2']) expect(rubygemsComparator.isValid(bad), bad).toBe(false);
  });
});
