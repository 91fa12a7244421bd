import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MirrorError } from './mirror-error.js';
import { compareTags } from './tag-order.js';
import { compileTagSelector } from './tag-selector.js';

const upstream = ['10.3.9', '10.4.0', '10.4.1', '10.4.2-ubuntu', 'v10.4.3', '11.0.0-beta1', '11.0.0', '11.1.0', 'latest', 'main', 'v2.53.1', 'nightly-20240101', 'nightly-20240102'];

describe('compileTagSelector', () => {
  it('mirrors exact tags the upstream has and each range’s newest maxTags, newest first', () => {
    const selector = compileTagSelector(['>=10.4 <11', 'v2.53.1', 'v9.9.9']);
    expect(selector.exactTags).toEqual(['v2.53.1', 'v9.9.9']);
    expect(selector.select(upstream, 1)).toEqual(['v10.4.3', 'v2.53.1']);
    expect(selector.select(upstream, 2)).toEqual(['v10.4.3', '10.4.1', 'v2.53.1']);
    expect(selector.select(upstream, 0)).toEqual(['v2.53.1']);
  });

  it('counts maxTags per range or regex', () => {
    const selector = compileTagSelector(['10.x', '11.x', '/^nightly-/']);
    expect(selector.select(upstream, 1)).toEqual(['11.1.0', 'v10.4.3', 'nightly-20240102']);
  });

  it('lists newer tags the selector takes, newest first, never the current one', () => {
    const selector = compileTagSelector(['>=10 <12']);
    expect(selector.newerThan('10.4.1', upstream)).toEqual(['11.1.0', '11.0.0', 'v10.4.3']);
    expect(selector.newerThan('11.1.0', upstream)).toEqual([]);
    expect(selector.newerThan('latest', ['10.4.1'])).toEqual(['10.4.1']);
  });

  it('ignores duplicates and strings that are not tags', () => {
    const selector = compileTagSelector(['/.*/']);
    expect(selector.select(['a', 'a', 'bad tag', ':x', 'b'], 5)).toEqual(['b', 'a']);
    expect(selector.matches('bad tag')).toBe(false);
  });

  it('describes itself as written', () => {
    expect(compileTagSelector(['v2.53.1', '>=10.4 <11']).describe()).toBe('v2.53.1, >=10.4 <11');
  });

  it('names every pattern that does not read', () => {
    expect(() => compileTagSelector(['/(/', 'ok', '>=nope'])).toThrow(MirrorError);
    try {
      compileTagSelector(['/(/', 'ok', '>=nope']);
    } catch (error) {
      expect((error as MirrorError).code).toBe('CATALOG_INVALID');
      expect((error as MirrorError).detail).toEqual({ errors: [expect.stringContaining('/(/'), expect.stringContaining('>=nope')] });
    }
  });
});

describe('properties', () => {
  const versionTag = fc
    .tuple(fc.boolean(), fc.nat(12), fc.option(fc.nat(12), { nil: undefined }), fc.option(fc.nat(12), { nil: undefined }), fc.option(fc.constantFrom('beta1', 'rc.1', 'ubuntu', 'alpine'), { nil: undefined }))
    .map(([v, major, minor, patch, pre]) => `${v ? 'v' : ''}${major}${minor === undefined ? '' : `.${minor}`}${minor === undefined || patch === undefined ? '' : `.${patch}`}${pre === undefined ? '' : `-${pre}`}`);
  const otherTag = fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9._-]{0,8}$/);
  const tag = fc.oneof(versionTag, versionTag, otherTag);
  const selectorText = fc.oneof(
    versionTag,
    otherTag,
    fc.tuple(fc.nat(12), fc.nat(12)).map(([a, b]) => `>=${Math.min(a, b)} <${Math.max(a, b) + 1}`),
    fc.nat(12).map((major) => `${major}.x`),
    fc.nat(12).map((major) => `^${major}.1`),
    fc.constantFrom('/^v/', '/-alpine$/', '/^\\d+$/', '/a/'),
  );
  const selectorTexts = fc.array(selectorText, { minLength: 1, maxLength: 4 });
  const upstreamTags = fc.array(tag, { maxLength: 30 });

  it('select returns only upstream tags the selector takes, distinct, newest first, at most exact + maxTags per pattern', () => {
    fc.assert(
      fc.property(selectorTexts, upstreamTags, fc.integer({ min: 0, max: 5 }), (texts, tags, maxTags) => {
        const selector = compileTagSelector(texts);
        const chosen = selector.select(tags, maxTags);
        for (const chosenTag of chosen) {
          expect(tags).toContain(chosenTag);
          expect(selector.matches(chosenTag)).toBe(true);
        }
        expect(new Set(chosen).size).toBe(chosen.length);
        for (let i = 1; i < chosen.length; i += 1) expect(compareTags(chosen[i - 1]!, chosen[i]!)).toBeGreaterThan(0);
        for (const exact of selector.exactTags) expect(chosen.includes(exact)).toBe(tags.includes(exact));
        const open = selector.patterns.filter((pattern) => pattern.kind !== 'exact').length;
        expect(chosen.length).toBeLessThanOrEqual(selector.exactTags.length + open * maxTags);
      }),
      { numRuns: 500 },
    );
  });

  it('newerThan never returns the current tag or an older one, and misses no newer match', () => {
    fc.assert(
      fc.property(selectorTexts, upstreamTags, tag, (texts, tags, current) => {
        const selector = compileTagSelector(texts);
        const newer = selector.newerThan(current, tags);
        for (const newerTag of newer) {
          expect(newerTag).not.toBe(current);
          expect(compareTags(newerTag, current)).toBeGreaterThan(0);
          expect(selector.matches(newerTag)).toBe(true);
        }
        const expected = new Set(tags.filter((candidate) => selector.matches(candidate) && compareTags(candidate, current) > 0));
        expect(new Set(newer)).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});
