import { describe, expect, it } from 'vitest';
import { deniedLicensesIn, normalizeLicenseId } from './license-expression.js';

const DENIED = ['GPL-3.0-only', 'AGPL-3.0-or-later'];

describe('normalizeLicenseId', () => {
  it.each([
    ['GPL-3.0', 'gpl-3.0-only'],
    ['GPL-3.0-only', 'gpl-3.0-only'],
    ['gpl-3.0+', 'gpl-3.0-or-later'],
    ['GPL-3+', 'gpl-3.0-or-later'],
    ['GPL-2', 'gpl-2.0-only'],
    ['LGPL-2.1+', 'lgpl-2.1-or-later'],
    ['AGPL-3.0', 'agpl-3.0-only'],
    ['GPLv3', 'gpl-3.0-only'],
    ['MIT', 'mit'],
    [' Apache-2.0 ', 'apache-2.0'],
  ])('%s → %s', (id, canonical) => {
    expect(normalizeLicenseId(id)).toBe(canonical);
  });
});

describe('deniedLicensesIn', () => {
  it.each<[string, string[]]>([
    ['GPL-3.0-only', ['GPL-3.0-only']],
    ['GPL-3.0', ['GPL-3.0-only']],
    ['GPL-3', ['GPL-3.0-only']],
    ['gpl-3.0-only', ['GPL-3.0-only']],
    ['GPL-3.0-or-later', []],
    ['AGPL-3.0+', ['AGPL-3.0-or-later']],
    ['MIT', []],
    ['MIT OR GPL-3.0-only', []],
    ['MIT AND GPL-3.0-only', ['GPL-3.0-only']],
    ['(MIT OR Apache-2.0) AND GPL-3.0-only', ['GPL-3.0-only']],
    ['GPL-3.0-only OR AGPL-3.0-or-later', ['GPL-3.0-only', 'AGPL-3.0-or-later']],
    ['GPL-3.0-only WITH Classpath-exception-2.0', ['GPL-3.0-only']],
    ['MIT or GPL-3.0-only', []],
    ['GPL-3.0-only (', ['GPL-3.0-only']],
    ['GNU General Public License v3', []],
  ])('%j forces %j', (declared, expected) => {
    expect(deniedLicensesIn(declared, DENIED).sort()).toEqual([...expected].sort());
  });

  it('compares a string that is not an expression whole, then by the ids in it', () => {
    expect(deniedLicensesIn('Custom License (internal)', ['Custom License (internal)'])).toEqual(['Custom License (internal)']);
    expect(deniedLicensesIn('Proprietary', ['proprietary'])).toEqual(['proprietary']);
  });
});
