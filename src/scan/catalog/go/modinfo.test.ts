import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unquoteGo } from './go-quote.js';
import { parseModinfo, stripModinfoFraming } from './modinfo.js';
import { framedModinfo, INFO_END, INFO_START } from './fixtures/synthetic-go-binary.js';

describe('parseModinfo', () => {
  it('reads path, main module, dependencies with replacements and build settings', () => {
    const warnings: string[] = [];
    const info = parseModinfo(
      'go1.22.1',
      [
        'path\tgithub.com/acme/tool/cmd/tool',
        'mod\tgithub.com/acme/tool\t(devel)\t',
        'dep\tgithub.com/davecgh/go-spew\tv1.1.1\th1:c3BldzEuMS4xIGdvLnN1bSBoYXNo=',
        'dep\tgithub.com/go-sql-driver/mysql\tv1.4.0',
        '=>\tgithub.com/go-sql-driver/mysql\tv1.5.0\th1:bXlzcWwgdjEuNS4wIGdvLnN1bSBo=',
        'build\t-ldflags="-X main.version=v1.0.0 -extldflags \\"-static\\""',
        'build\tCGO_ENABLED=0',
        'build\tGOARCH=arm64',
        '',
      ].join('\n'),
      warnings,
    );
    expect(warnings).toEqual([]);
    expect(info.path).toBe('github.com/acme/tool/cmd/tool');
    expect(info.main).toEqual({ path: 'github.com/acme/tool', version: '(devel)' });
    expect(info.deps).toEqual([
      { path: 'github.com/davecgh/go-spew', version: 'v1.1.1', sum: 'h1:c3BldzEuMS4xIGdvLnN1bSBoYXNo=' },
      { path: 'github.com/go-sql-driver/mysql', version: 'v1.4.0', replace: { path: 'github.com/go-sql-driver/mysql', version: 'v1.5.0', sum: 'h1:bXlzcWwgdjEuNS4wIGdvLnN1bSBo=' } },
    ]);
    expect(Object.fromEntries(info.settings)).toEqual({ '-ldflags': '-X main.version=v1.0.0 -extldflags "-static"', CGO_ENABLED: '0', GOARCH: 'arm64' });
  });

  it('turns bad lines into warnings and keeps the rest', () => {
    const warnings: string[] = [];
    const info = parseModinfo(
      'go1.20',
      ['=>\torphan\tv1.0.0\t', 'dep\tonly-a-path', 'dep\tgood\tv1.0.0\t', 'build\t=novalue', 'build\t"unterminated=1', 'build\tK="bad \\q escape"', 'garbage line', 'dep\tgood2\tv2.0.0'].join('\n'),
      warnings,
    );
    expect(info.deps.map((dep) => dep.path)).toEqual(['good', 'good2']);
    expect(warnings).toHaveLength(6);
    expect(warnings[0]).toMatch(/line 1: replacement without a module/);
  });

  it('accepts quoted keys and back-quoted values as Go writes them', () => {
    const info = parseModinfo('go1.22.1', 'build\t"odd key"=`raw \\n value`\nbuild\tX=""', []);
    expect(Object.fromEntries(info.settings)).toEqual({ 'odd key': 'raw \\n value', X: '' });
  });

  it('strips the sentinel framing, and gives nothing without it (debug/buildinfo)', () => {
    expect(stripModinfoFraming(framedModinfo('path\tx\n')).toString()).toBe('path\tx\n');
    expect(stripModinfoFraming(Buffer.concat([INFO_START, Buffer.from('path\tx'), INFO_END])).length).toBe(0);
    expect(stripModinfoFraming(Buffer.from('short')).length).toBe(0);
  });
});

/** strconv.Quote, written independently: escapes \\, ", control bytes and invalid UTF-8 never occur in JS strings. */
function quoteGo(text: string): string {
  const named: Record<string, string> = { '\u0007': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '\\': '\\\\', '"': '\\"' };
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (named[char]) out += named[char];
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code > 0xffff && code % 3 === 0) out += `\\U${code.toString(16).padStart(8, '0')}`;
    else if (code > 0x7f && code <= 0xffff && code % 2 === 0) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += char;
  }
  return `${out}"`;
}

describe('unquoteGo', () => {
  it('undoes strconv.Quote for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        expect(unquoteGo(quoteGo(text))).toBe(text);
      }),
    );
  });

  it('reads octal and hex byte escapes as UTF-8 bytes', () => {
    expect(unquoteGo('"\\303\\251t\\xc3\\xa9"')).toBe('été');
  });

  it('refuses what strconv.Unquote refuses', () => {
    for (const literal of ['"', '"abc', 'abc"', '"a"b"', '"\\q"', '"\\x4"', '"\\400"', '"\\ud800"', '"\\U00110000"', '"a\nb"', '`a`b`', "'x'", '"\\"']) {
      expect(unquoteGo(literal), literal).toBeUndefined();
    }
  });
});
