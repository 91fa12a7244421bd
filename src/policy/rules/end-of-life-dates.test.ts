import { describe, expect, it } from 'vitest';
import { END_OF_LIFE, FAMILY_NAMES, RELEASE_PARTS } from './end-of-life-dates.js';

describe('the end-of-life table', () => {
  it('covers the releases Airlock promises', () => {
    const releases = (family: string) => END_OF_LIFE.filter((entry) => entry.family === family).map((entry) => entry.release);
    expect(releases('debian')).toEqual(['8', '9', '10', '11', '12', '13']);
    expect(releases('ubuntu')).toEqual(['14.04', '16.04', '18.04', '20.04', '22.04', '24.04']);
    expect(releases('alpine')).toEqual(['3.10', '3.11', '3.12', '3.13', '3.14', '3.15', '3.16', '3.17', '3.18', '3.19', '3.20', '3.21']);
    expect(releases('rhel')).toEqual(['7', '8', '9']);
    expect(releases('rocky')).toEqual(['8', '9']);
    expect(releases('almalinux')).toEqual(['8', '9']);
    expect(releases('amzn')).toEqual(['2', '2023']);
  });

  it('has one well-formed, real date per release, later releases ending later', () => {
    const seen = new Set<string>();
    for (const entry of END_OF_LIFE) {
      expect(seen.has(`${entry.family} ${entry.release}`)).toBe(false);
      seen.add(`${entry.family} ${entry.release}`);
      expect(entry.endOfLife).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(new Date(`${entry.endOfLife}T00:00:00Z`).toISOString().slice(0, 10)).toBe(entry.endOfLife);
      expect(RELEASE_PARTS[entry.family]).toBe(entry.release.split('.').length);
      expect(FAMILY_NAMES[entry.family]).toBeDefined();
    }
    for (const family of ['debian', 'ubuntu', 'alpine', 'rhel', 'rocky', 'almalinux', 'amzn']) {
      const dates = END_OF_LIFE.filter((entry) => entry.family === family).map((entry) => entry.endOfLife);
      expect([...dates].sort()).toEqual(dates);
    }
  });
});
