import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { composerComparator } from './composer.js';
import { checkOrderLaws, expectNoFailures, loadVectors, orderOps, runVectors } from './vectors-harness.js';

describe('composer comparator (Packagist)', () => {
  it('passes every osv-detector Packagist vector', () => {
    const files = [loadVectors('packagist.osv-detector.json'), loadVectors('packagist.osv-detector-generated.json')];
    // The hand-written list expects exact big numbers (999…991 < 999…999; PHP's strtol would saturate and call
    // them equal) and `#` kept as the special form between RC and pl (1.2.3.# = 1.2.3, 1.2.3.# = 1.2.3.1,
    // 1.2.3.#.beta < 1.2.3; PHP drops a `#` after a dot), which compare() provides. Those `=` follow PHP's rule
    // that `#` equals any number, so equality is not transitive there; `#` is no valid Composer version.
    const failures = files.flatMap((file) => runVectors(file.vectors, orderOps(composerComparator.compare)));
    expectNoFailures(failures, files.reduce((n, file) => n + file.vectors.length, 0));
  });

  // version_compare() is no total order on arbitrary strings (`.` and `__` are each less than the other, `#` equals
  // every number), so the laws are checked on Composer-shaped versions, and arbitrary strings only for not throwing.
  it('orders generated Composer versions consistently, and never throws on arbitrary strings', () => {
    const version = fc.stringMatching(/^v?[0-2](\.[0-2]){0,3}([-.]?(dev|alpha|beta|RC|rc|pl|p)[0-2]?)?$/);
    checkOrderLaws(composerComparator.compare, version);
    fc.assert(fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => typeof composerComparator.compare(a, b) === 'number'));
  });

  it('accepts what Composer normalises, and rejects the rest', () => {
    for (const good of ['1.0.0', 'v2.3.4-beta.2', '1.0.0-RC1', '1.2.x-dev', 'dev-main', '20240101.1', '1.0.0+build.5', '1.0@beta']) {
      expect(composerComparator.isValid(good), good).toBe(true);
    }
    for (const bad of ['', 'foo', '1.2.3.#', '999999999999999999999999999991', '1.0.0-gamma', '1.0 2']) {
      expect(composerComparator.isValid(bad), bad).toBe(false);
    }
  });
});
