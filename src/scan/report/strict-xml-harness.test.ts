import { describe, expect, it } from 'vitest';
import { parseStrictXml, textContent } from './strict-xml-harness.js';

describe('parseStrictXml (the test oracle for well-formed XML)', () => {
  it('parses declarations, attributes, nesting, references and CDATA', () => {
    const root = parseStrictXml(`<?xml version="1.0" encoding="UTF-8"?>\n<!-- c --><a x="1&amp;2" y='&#10;'><b/>t&lt;&#x1F4A5;<![CDATA[<raw>]]></a>\n`);
    expect(root.attributes).toEqual({ x: '1&2', y: '\n' });
    expect(textContent(root)).toBe('t<\u{1F4A5}<raw>');
  });

  it.each([
    ['two roots', '<a/><b/>'],
    ['unclosed', '<a><b></a>'],
    ['bare ampersand', '<a>x & y</a>'],
    ['unknown entity', '<a>&nbsp;</a>'],
    ['< in attribute', '<a x="<"/>'],
    ['unquoted attribute', '<a x=1/>'],
    ['duplicate attribute', '<a x="1" x="2"/>'],
    ['missing space between attributes', '<a x="1"y="2"/>'],
    ['control character', '<a>\u0001</a>'],
    ['reference to a control character', '<a>&#1;</a>'],
    ['lone surrogate', '<a>\uD800</a>'],
    ['U+FFFE', '<a>\uFFFE</a>'],
    [']]> in text', '<a>]]></a>'],
    ['bad name', '<1a/>'],
  ])('rejects %s', (_label, xml) => {
    expect(() => parseStrictXml(xml)).toThrow();
  });

  it('normalises line ends and attribute whitespace as a conforming parser does', () => {
    expect(textContent(parseStrictXml('<a>x\r\ny\rz&#13;</a>'))).toBe('x\ny\nz\r');
    expect(parseStrictXml('<a v="1\t2\n3&#9;"/>').attributes.v).toBe('1 2 3\t');
  });
});
