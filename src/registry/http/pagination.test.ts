import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { RegistryError } from '../errors.js';
import { paginate } from './pagination.js';

const TAGS = ['1.0', '1.1', '2.0', 'latest', 'stable'];
const BASE = '/v2/payments/api/tags/list';

/** Reads `last` and `n` back out of a Link header value. */
function nextQuery(link: string): { n: string; last: string } {
  const match = /^<([^>]+)>; rel="next"$/.exec(link);
  expect(match).not.toBeNull();
  const url = new URL(match![1]!, 'http://registry.test');
  expect(url.pathname).toBe(BASE);
  return { n: url.searchParams.get('n')!, last: url.searchParams.get('last')! };
}

describe('paginate', () => {
  it('returns everything when n is absent or empty', () => {
    expect(paginate(TAGS, {}, BASE)).toEqual({ items: TAGS });
    expect(paginate(TAGS, { n: '' }, BASE)).toEqual({ items: TAGS });
  });

  it('returns the first n items and a Link to the rest', () => {
    expect(paginate(TAGS, { n: '2' }, BASE)).toEqual({ items: ['1.0', '1.1'], next: `<${BASE}?n=2&last=1.1>; rel="next"` });
  });

  it('continues after last', () => {
    expect(paginate(TAGS, { n: '2', last: '1.1' }, BASE)).toEqual({ items: ['2.0', 'latest'], next: `<${BASE}?n=2&last=latest>; rel="next"` });
    expect(paginate(TAGS, { n: '2', last: 'latest' }, BASE)).toEqual({ items: ['stable'] });
  });

  it('continues after last even without n', () => {
    expect(paginate(TAGS, { last: '2.0' }, BASE)).toEqual({ items: ['latest', 'stable'] });
  });

  it('continues after a last that is not in the list, by order', () => {
    expect(paginate(TAGS, { n: '1', last: '1.5' }, BASE)).toEqual({ items: ['2.0'], next: `<${BASE}?n=1&last=2.0>; rel="next"` });
    expect(paginate(TAGS, { n: '3', last: 'zzz' }, BASE)).toEqual({ items: [] });
    expect(paginate(TAGS, { last: '' }, BASE)).toEqual({ items: TAGS });
  });

  it('has no Link when the page reaches the end exactly or n exceeds the list', () => {
    expect(paginate(TAGS, { n: '5' }, BASE)).toEqual({ items: TAGS });
    expect(paginate(TAGS, { n: '1000' }, BASE)).toEqual({ items: TAGS });
    expect(paginate(TAGS, { n: '99999999999999999999' }, BASE)).toEqual({ items: TAGS });
  });

  it('returns an empty page without a Link for n=0', () => {
    expect(paginate(TAGS, { n: '0' }, BASE)).toEqual({ items: [] });
    expect(paginate(TAGS, { n: '0', last: '1.0' }, BASE)).toEqual({ items: [] });
  });

  it('handles an empty list', () => {
    expect(paginate([], { n: '10' }, BASE)).toEqual({ items: [] });
    expect(paginate([], {}, BASE)).toEqual({ items: [] });
  });

  it.each(['-1', 'abc', '1.5', '1e3', ' 2', '0x10', '+3'])('refuses n=%j as PAGINATION_NUMBER_INVALID', (n) => {
    const call = () => paginate(TAGS, { n }, BASE);
    expect(call).toThrow(RegistryError);
    expect(call).toThrow(expect.objectContaining({ code: 'PAGINATION_NUMBER_INVALID', status: 400 }));
    expect(call).toThrow(`n must be a non-negative integer, not "${n}"`);
  });

  it('percent-encodes last in the Link (catalog names contain slashes)', () => {
    const repositories = ['payments/api', 'quarantine/payments/api', 'quarantine/search/web'];
    const page = paginate(repositories, { n: '1' }, '/v2/_catalog');
    expect(page.next).toBe('</v2/_catalog?n=1&last=payments%2Fapi>; rel="next"');
  });

  it('following the Links visits every item exactly once, in order', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), { maxLength: 40 }), fc.integer({ min: 1, max: 12 }), (items, n) => {
        const sorted = [...items].sort();
        const seen: string[] = [];
        let query: { n: string; last?: string } = { n: String(n) };
        for (let pages = 0; pages <= sorted.length; pages++) {
          const page = paginate(sorted, query, BASE);
          expect(page.items.length).toBeLessThanOrEqual(n);
          seen.push(...page.items);
          if (!page.next) break;
          const next = nextQuery(page.next);
          expect(next).toEqual({ n: String(n), last: page.items[page.items.length - 1] });
          query = next;
        }
        expect(seen).toEqual(sorted);
      }),
    );
  });
});
