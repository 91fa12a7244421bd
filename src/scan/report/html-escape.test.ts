import { describe, expect, it } from 'vitest';
import { html, link, webHref } from './html-escape.js';

describe('html', () => {
  it('escapes every markup character, in text and attributes alike', () => {
    expect(html(`<a href="x" title='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
    expect(html(42)).toBe('42');
  });

  it('replaces what HTML cannot carry: controls, noncharacters, lone surrogates', () => {
    expect(html('a\u0000b\u0007c\u001b[31m\u0085\u007f')).toBe('a\uFFFDb\uFFFDc\uFFFD[31m\uFFFD\uFFFD');
    expect(html('\uFDD0\uFFFE\u{1FFFF}\u{10FFFE}')).toBe('\uFFFD'.repeat(4));
    expect(html('x\uD800y\uDC00')).toBe('x\uFFFDy\uFFFD');
    // Kept: whitespace, paired surrogates, ordinary non-ASCII.
    expect(html('tab\tnew\nline\r \u{1F4A5} é 漢字 \u00A0')).toBe('tab\tnew\nline\r \u{1F4A5} é 漢字 \u00A0');
  });

  it('shows bidirectional controls instead of letting them reorder the text', () => {
    expect(html('evil\u202Egpj.exe')).toBe('evil[U+202E]gpj.exe');
    expect(html('\u2066\u2069\u200F')).toBe('[U+2066][U+2069][U+200F]');
  });
});

describe('webHref', () => {
  it('accepts absolute http(s) URLs, as the browser would follow them', () => {
    expect(webHref('https://nvd.nist.gov/vuln/detail/CVE-2021-44228')).toBe('https://nvd.nist.gov/vuln/detail/CVE-2021-44228');
    expect(webHref('  HTTP://Example.COM/a b?q="<x>"  ')).toBe('http://example.com/a%20b?q=%22%3Cx%3E%22');
  });

  it.each([
    'javascript:alert(1)',
    ' JaVaScRiPt:alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    'ftp://example.com/x',
    '//evil.example/x',
    '/relative/path',
    'not a url',
    '',
    'https://nvd.nist.gov@evil.example/',
    'https://user:password@example.com/',
  ])('refuses %j', (text) => {
    expect(webHref(text)).toBeUndefined();
  });
});

describe('link', () => {
  it('links web URLs without a referrer, and leaves anything else as text', () => {
    expect(link('https://example.com/"x"', 'a<b')).toBe('<a href="https://example.com/%22x%22" rel="noopener noreferrer external" target="_blank">a&lt;b</a>');
    expect(link('javascript:alert(1)', '<click>')).toBe('&lt;click&gt;');
  });
});
