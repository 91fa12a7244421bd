import { describe, expect, it } from 'vitest';
import { nextLink } from './link-header.js';

describe('nextLink', () => {
  it('reads the distribution spec form', () => {
    expect(nextLink('</v2/library/debian/tags/list?last=12&n=1>; rel="next"')).toBe('/v2/library/debian/tags/list?last=12&n=1');
  });

  it('finds next among several links and relation lists, quoted or not', () => {
    expect(nextLink('<https://r.example/v2/a/tags/list?last=a>; rel=prev, <https://r.example/v2/a/tags/list?last=z>; rel="last next"')).toBe('https://r.example/v2/a/tags/list?last=z');
    expect(nextLink('</v2/a/tags/list?n=2&last=b>;rel=next')).toBe('/v2/a/tags/list?n=2&last=b');
  });

  it('is undefined without a next link', () => {
    expect(nextLink(null)).toBeUndefined();
    expect(nextLink('</v2/a/tags/list>; rel="prev"')).toBeUndefined();
    expect(nextLink('garbage')).toBeUndefined();
  });
});
