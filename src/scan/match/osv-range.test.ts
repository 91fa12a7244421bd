import { describe, expect, it } from 'vitest';
import { dpkgComparator, semverComparator } from '../versions/index.js';
import type { AffectedEntry, OsvRange } from '../vulndb/index.js';
import { evaluateAffected } from './osv-range.js';

const advisory = { id: 'TEST-1', modified: '2024-01-01T00:00:00Z', aliases: [], upstream: [], severity: [] };
const entry = (ranges: OsvRange[], versions: string[] = []): AffectedEntry => ({ advisory, ecosystem: 'npm', packageName: 'x', ranges, versions, severity: [] });
const range = (type: OsvRange['type'], ...events: Array<[OsvRange['events'][number]['kind'], string]>): OsvRange => ({ type, repo: undefined, databaseSpecific: undefined, events: events.map(([kind, version]) => ({ kind, version })) });
const check = (version: string, affected: AffectedEntry, comparator = semverComparator) => evaluateAffected(version, affected, comparator, semverComparator);

describe('evaluateAffected (OSV evaluation rules)', () => {
  it('opens at introduced and closes at fixed, giving that fix', () => {
    const e = entry([range('ECOSYSTEM', ['introduced', '0'], ['fixed', '1.2.6'])]);
    expect(check('1.2.0', e)).toEqual({ affected: true, fixedVersion: '1.2.6' });
    expect(check('1.2.6', e)).toEqual({ affected: false, fixedVersion: undefined });
    expect(check('2.0.0', e).affected).toBe(false);
  });

  it('gives each affected line its own fix', () => {
    const e = entry([range('ECOSYSTEM', ['introduced', '0.6.3'], ['fixed', '0.6.14'], ['introduced', '1.0.0'], ['fixed', '1.6.1'])]);
    expect(check('0.6.2', e).affected).toBe(false);
    expect(check('0.6.13', e)).toEqual({ affected: true, fixedVersion: '0.6.14' });
    expect(check('0.9.0', e).affected).toBe(false);
    expect(check('1.6.0', e)).toEqual({ affected: true, fixedVersion: '1.6.1' });
  });

  it('sorts events before evaluating, whatever order the record lists them in', () => {
    const e = entry([range('ECOSYSTEM', ['fixed', '2.0.0'], ['introduced', '1.0.0'])]);
    expect(check('1.5.0', e)).toEqual({ affected: true, fixedVersion: '2.0.0' });
  });

  it('treats last_affected as inclusive and unfixed, and limit as a bound', () => {
    expect(check('1.3.0', entry([range('ECOSYSTEM', ['introduced', '0'], ['last_affected', '1.3.0'])]))).toEqual({ affected: true, fixedVersion: undefined });
    expect(check('1.3.1', entry([range('ECOSYSTEM', ['introduced', '0'], ['last_affected', '1.3.0'])])).affected).toBe(false);
    expect(check('3.0.0', entry([range('ECOSYSTEM', ['introduced', '0'], ['limit', '2.0.0'])])).affected).toBe(false);
  });

  it('matches explicit versions, ignores GIT ranges, and compares SEMVER without a leading v', () => {
    expect(check('0.1.0', entry([], ['0.1.0'])).affected).toBe(true);
    expect(check('0.1.0', entry([range('GIT', ['introduced', '0'], ['fixed', 'abc123'])])).affected).toBe(false);
    expect(check('v1.19.8', entry([range('SEMVER', ['introduced', '0'], ['fixed', '1.19.9'])]))).toEqual({ affected: true, fixedVersion: '1.19.9' });
  });

  it('uses the ecosystem ordering for ECOSYSTEM ranges (dpkg backports)', () => {
    const e = entry([range('ECOSYSTEM', ['introduced', '0'], ['fixed', '1.1.1n-0+deb11u4'])]);
    expect(check('1.1.1n-0+deb11u3', e, dpkgComparator).affected).toBe(true);
    expect(check('1.1.1w-0+deb11u1', e, dpkgComparator).affected).toBe(false);
    expect(check('1.1.1n-0+deb11u4~bpo1', e, dpkgComparator).affected).toBe(true);
  });
});
