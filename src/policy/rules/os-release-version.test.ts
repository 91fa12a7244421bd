import { describe, expect, it } from 'vitest';
import { compareOsVersions, releaseOf } from './os-release-version.js';

describe('compareOsVersions', () => {
  it.each<[string, string, number]>([
    ['12', '11', 1],
    ['10', '9', 1],
    ['11.9', '11', 0],
    ['11', '11.9', -1],
    ['3.20.3', '3.20', 0],
    ['3.9', '3.20', -1],
    ['22.04', '20.04', 1],
    ['2023.4.20240401', '2023', 0],
    ['2', '2023', -1],
  ])('%s against %s is %d', (version, bound, order) => {
    expect(compareOsVersions(version, bound)).toBe(order);
  });

  it('cuts a version to its release', () => {
    expect(releaseOf('3.20.3', 2)).toBe('3.20');
    expect(releaseOf('12.5', 1)).toBe('12');
    expect(releaseOf('22.04', 2)).toBe('22.04');
  });
});
