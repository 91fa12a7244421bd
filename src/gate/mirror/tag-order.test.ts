import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareTags, newestFirst, tagVersion } from './tag-order.js';

describe('tagVersion', () => {
  it.each([
    ['v2.53.1', '2.53.1'],
    ['10.4.1', '10.4.1'],
    ['10.4', '10.4.0'],
    ['12', '12.0.0'],
    ['22.04', '22.4.0'],
    ['11.0.0-beta1', '11.0.0-beta1'],
    ['10.4.1-ubuntu', '10.4.1-ubuntu'],
    ['20240101', '20240101.0.0'],
  ])('reads %s as %s', (tag, version) => {
    expect(tagVersion(tag)?.version).toBe(version);
  });

  it.each(['latest', 'main', 'bookworm', '1.2.3.4', 'V1.0', '1.0.0-01', '1.0.0-', 'v', '99999999999999999999'])('does not read %s as a version', (tag) => {
    expect(tagVersion(tag)).toBeUndefined();
  });
});

describe('compareTags', () => {
  it('orders versions by semver, above tags that are not versions, ties by text', () => {
    const tags = ['latest', '10.4.1', '9.5', 'v10.4.1', '10.4.1-ubuntu', '10.10.0', 'main', '11.0.0-beta1', '11.0.0'];
    expect(newestFirst(tags)).toEqual(['11.0.0', '11.0.0-beta1', '10.10.0', 'v10.4.1', '10.4.1', '10.4.1-ubuntu', '9.5', 'main', 'latest']);
  });

  it('is a total order on distinct tags (antisymmetric, transitive, 0 only for equal tags)', () => {
    const tag = fc.oneof(
      fc.stringMatching(/^v?\d{1,3}(\.\d{1,3}){0,2}(-[a-z0-9]{1,5})?$/),
      fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9._-]{0,10}$/),
    );
    fc.assert(
      fc.property(tag, tag, tag, (a, b, c) => {
        expect(Math.sign(compareTags(a, b)) + Math.sign(compareTags(b, a))).toBe(0);
        expect(compareTags(a, b) === 0).toBe(a === b);
        if (compareTags(a, b) < 0 && compareTags(b, c) < 0) expect(compareTags(a, c)).toBeLessThan(0);
      }),
      { numRuns: 1000 },
    );
  });
});
