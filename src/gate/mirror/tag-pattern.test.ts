import { describe, expect, it } from 'vitest';
import { parseTagPattern, patternMatches, type TagPattern } from './tag-pattern.js';

function pattern(text: string): TagPattern {
  const parsed = parseTagPattern(text);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed;
}

describe('parseTagPattern', () => {
  it.each([
    ['v2.53.1', 'exact'],
    ['10.4.1', 'exact'],
    ['12', 'exact'],
    ['latest', 'exact'],
    ['1.2.3.4', 'exact'],
    ['x.0', 'exact'],
    [' 10.4.1 ', 'exact'],
    ['>=10.4 <11', 'range'],
    ['^10.4', 'range'],
    ['~2.53', 'range'],
    ['=10.4.1', 'range'],
    ['1.2.3 - 1.4', 'range'],
    ['10.x', 'range'],
    ['10.4.X', 'range'],
    ['x', 'range'],
    ['*', 'range'],
    ['<11 || >=12', 'range'],
    ['/^v2\\.\\d+\\.\\d+$/', 'regex'],
  ])('reads %s as %s', (text, kind) => {
    expect(pattern(text).kind).toBe(kind);
  });

  it.each([
    ['/(/', 'not a valid regular expression'],
    ['//', 'match every tag'],
    ['>=banana', 'not a semver range'],
    ['-leading-dash', 'not a tag'],
    ['a'.repeat(129), 'not a tag'],
    ['', 'not a tag'],
    ['tag:with:colon', 'not a tag'],
  ])('refuses %s', (text, message) => {
    const parsed = parseTagPattern(text);
    expect('error' in parsed && parsed.error).toContain(message);
  });
});

describe('patternMatches', () => {
  const upstream = ['10.3.9', '10.4', '10.4.0', 'v10.4.1', '10.4.1-ubuntu', '10.9.9', '11.0.0-beta1', '11.0.0', 'latest', 'main'];
  const taken = (text: string): string[] => upstream.filter((tag) => patternMatches(pattern(text), tag));

  it('matches ranges against tags read as versions, skipping prereleases and non-versions', () => {
    expect(taken('>=10.4 <11')).toEqual(['10.4', '10.4.0', 'v10.4.1', '10.9.9']);
    expect(taken('10.x')).toEqual(['10.3.9', '10.4', '10.4.0', 'v10.4.1', '10.9.9']);
    expect(taken('*')).toEqual(['10.3.9', '10.4', '10.4.0', 'v10.4.1', '10.9.9', '11.0.0']);
  });

  it('takes prereleases only when the range names one of the same version', () => {
    expect(taken('>=11.0.0-0 <12')).toEqual(['11.0.0-beta1', '11.0.0']);
    expect(taken('>=10.4.1-0 <10.5')).toEqual(['v10.4.1', '10.4.1-ubuntu']);
  });

  it('matches exact tags exactly and regexes as written (no added anchors)', () => {
    expect(taken('10.4')).toEqual(['10.4']);
    expect(taken('/^10\\.4/')).toEqual(['10.4', '10.4.0', '10.4.1-ubuntu']);
    expect(taken('/ubuntu/')).toEqual(['10.4.1-ubuntu']);
  });

  it('does not carry regex state from one tag to the next', () => {
    const regex = pattern('/^main$/');
    expect([patternMatches(regex, 'main'), patternMatches(regex, 'main')]).toEqual([true, true]);
  });
});
