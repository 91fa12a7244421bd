import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseControlStanzas } from './parse-control.js';

describe('parseControlStanzas', () => {
  it('splits stanzas on blank lines and lowercases field names', () => {
    const { stanzas, warnings } = parseControlStanzas('Package: a\nVersion: 1\n\n\nPACKAGE: b\nversion: 2\n');
    expect(warnings).toEqual([]);
    expect(stanzas.map((s) => Object.fromEntries(s.fields))).toEqual([
      { package: 'a', version: '1' },
      { package: 'b', version: '2' },
    ]);
    expect(stanzas.map((s) => s.line)).toEqual([1, 5]);
  });

  it('joins continuation lines (space or tab) to the field above', () => {
    const { stanzas } = parseControlStanzas('Package: a\nDepends: x,\n y,\n\tz\nDescription: short\n long\n .\n more\n');
    expect(stanzas[0]?.fields.get('depends')).toBe('x,\ny,\nz');
    expect(stanzas[0]?.fields.get('description')).toBe('short\nlong\n.\nmore');
  });

  it('treats CRLF line ends and whitespace-only lines like LF and blank lines', () => {
    const { stanzas } = parseControlStanzas('Package: a\r\nVersion: 1\r\n \t \r\nPackage: b\r\n');
    expect(stanzas.map((s) => s.fields.get('package'))).toEqual(['a', 'b']);
    expect(stanzas[0]?.fields.get('version')).toBe('1');
  });

  it('warns about lines that are not fields and continuations without a field, keeping the rest', () => {
    const { stanzas, warnings } = parseControlStanzas(' orphan\nPackage: a\ngarbage here\n  its continuation\nVersion: 1\n');
    expect(warnings).toEqual(['line 1: continuation line outside a field', 'line 3: not a "Field: value" line']);
    expect(Object.fromEntries(stanzas[0]?.fields ?? [])).toEqual({ package: 'a', version: '1' });
  });

  it('keeps the first of duplicate fields, with a warning', () => {
    const { stanzas, warnings } = parseControlStanzas('Package: a\nVersion: 1\nVersion: 2\n more\n');
    expect(stanzas[0]?.fields.get('version')).toBe('1');
    expect(warnings).toEqual(['line 3: duplicate field Version, the first one is kept']);
  });

  it('skips comment lines', () => {
    const { stanzas, warnings } = parseControlStanzas('# a comment\nPackage: a\n');
    expect(warnings).toEqual([]);
    expect(stanzas).toHaveLength(1);
  });

  it('never throws, and every stanza has at least one field', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('P', 'a', ':', ' ', '\t', '\n', '\r', '#', 'é', '\u0000') }), (text) => {
        const { stanzas } = parseControlStanzas(text);
        for (const stanza of stanzas) expect(stanza.fields.size).toBeGreaterThan(0);
      }),
    );
  });
});
