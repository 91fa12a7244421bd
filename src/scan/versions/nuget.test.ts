import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nugetComparator } from './nuget.js';
import { checkOrderLaws, expectNoFailures, loadVectors, orderOps, runVectors } from './vectors-harness.js';

describe('nuget comparator', () => {
  it('passes every osv-detector NuGet vector', () => {
    const osv = loadVectors('nuget.osv-detector.json');
    // The two 30-digit vectors (999…991 < 999…999) are beyond NuGet's Int32 parts, so isValid rejects them;
    // they are still ordered by value, as numeric parts always are here.
    expectNoFailures(runVectors(osv.vectors, orderOps(nugetComparator.compare)), osv.vectors.length);
  });

  it('orders generated versions consistently, and never throws on arbitrary strings', () => {
    const version = fc.stringMatching(/^[0-2](\.[0-2]){0,3}(-([Aa]lpha|BETA|rc|[0-9]{1,2})(\.([a-c]|[0-9]))?)?(\+[a-z0-9]{1,3})?$/);
    checkOrderLaws(nugetComparator.compare, version);
    checkOrderLaws(nugetComparator.compare, fc.string({ maxLength: 12 }), 500);
  });

  it('validates like NuGetVersion.TryParse', () => {
    for (const good of ['1', '1.0.0.1-beta.2+sha.1', '1.0.01']) expect(nugetComparator.isValid(good), good).toBe(true);
    for (const bad of ['', '1.0.0.0.0', '1.0-', '1.0+', 'v1.0', '2147483648.0']) expect(nugetComparator.isValid(bad), bad).toBe(false);
  });
});
