import { describe, expect, it } from 'vitest';
import { classifyLicense, conjoin, declaredLicenses } from './license-expression.js';

describe('classifyLicense', () => {
  it.each([
    ['MIT', { kind: 'id', text: 'MIT' }],
    [' Apache-2.0 ', { kind: 'id', text: 'Apache-2.0' }],
    ['GPL-2.0+', { kind: 'expression', text: 'GPL-2.0+', compound: false }],
    ['Apache-2.0 WITH LLVM-exception', { kind: 'expression', text: 'Apache-2.0 WITH LLVM-exception', compound: false }],
    ['LicenseRef-Acme', { kind: 'expression', text: 'LicenseRef-Acme', compound: false }],
    ['(MIT OR Apache-2.0)', { kind: 'expression', text: '(MIT OR Apache-2.0)', compound: true }],
    // Debian copyright short names and lower-case ids are not SPDX: kept as written, never corrected.
    ['GPL-2+', { kind: 'name', text: 'GPL-2+' }],
    ['mit', { kind: 'name', text: 'mit' }],
    ['public-domain', { kind: 'name', text: 'public-domain' }],
  ])('%s', (raw, expected) => {
    expect(classifyLicense(raw)).toEqual(expected);
  });
});

describe('declaredLicenses and conjoin', () => {
  it('drops blanks and repeats, keeps declared order', () => {
    expect(declaredLicenses(['MIT', '', 'MIT', 'Zlib']).map((l) => l.text)).toEqual(['MIT', 'Zlib']);
    expect(declaredLicenses(undefined)).toEqual([]);
  });

  it('joins with AND and parenthesises only operands with their own AND/OR', () => {
    expect(conjoin([{ text: 'MIT' }])).toBe('MIT');
    expect(conjoin(declaredLicenses(['MIT OR Apache-2.0', 'GPL-2.0+', 'Zlib']))).toBe('(MIT OR Apache-2.0) AND GPL-2.0+ AND Zlib');
  });
});
