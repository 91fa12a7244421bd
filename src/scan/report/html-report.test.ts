import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { advisoryIds, advisorySource } from './advisory-links.js';
import { HOSTILE_TITLE, hostileHtmlReport, hostileVerdict } from './fixtures/hostile-html-report.js';
import { debianImageReport, emptyReport, hostileReport } from './fixtures/sample-reports.js';
import { HTML_CONTENT_SECURITY_POLICY, toHtml, type HtmlVerdict } from './html-report.js';
import type { ScanReport } from './scan-report.js';

const VERDICT: HtmlVerdict = {
  state: 'rejected',
  policyVersion: 'org@3,payments@1',
  decidedAt: '2024-03-18T09:41:30Z',
  reasons: [
    {
      rule: 'no-fixable-critical', message: 'critical vulnerabilities with a fix are not allowed', vulnerability: 'CVE-2021-44228',
      package: 'org.apache.logging.log4j:log4j-core', installedVersion: '2.14.1', fixedVersion: '2.15.0', severity: 'critical', platform: 'linux/amd64',
    },
    { rule: 'airlock:incomplete-scan', message: 'a layer could not be read' },
  ],
};

/** Tags and attributes the report writes; anything else in the markup came from the report's data. */
const TAGS = new Set(['html', 'head', 'meta', 'title', 'style', 'body', 'header', 'h1', 'h2', 'h3', 'nav', 'ul', 'ol', 'li', 'a', 'noscript', 'p', 'main', 'section', 'dl', 'dt', 'dd',
  'code', 'span', 'strong', 'time', 'br', 'div', 'label', 'input', 'fieldset', 'legend', 'output', 'table', 'caption', 'thead', 'tbody', 'tr', 'th', 'td', 'footer', 'script']);
const ATTRIBUTES = new Set(['lang', 'charset', 'http-equiv', 'content', 'name', 'href', 'rel', 'target', 'id', 'class', 'aria-labelledby', 'aria-label', 'aria-live', 'aria-sort',
  'data-severity', 'data-fixable', 'data-index', 'data-sort', 'data-type', 'data-table', 'data-filter', 'hidden', 'for', 'type', 'autocomplete', 'spellcheck', 'placeholder', 'value', 'checked', 'scope', 'title']);

interface Tag { name: string; attributes: [string, string][] }

/**
 * Every tag of the document, read the way a browser would: the report double-quotes
 * every attribute value and escapes `"`, `<` and `>` in data, so a `<` that does not
 * start a well-formed tag of this shape is data that escaped its escaping.
 */
function tagsOf(doc: string): Tag[] {
  const withoutRawText = doc.replace(/(<(script|style)>)[\s\S]*?(<\/\2>)/g, '$1$3');
  const tags: Tag[] = [];
  const pattern = /<(\/?)([a-z][a-z0-9]*)((?:\s+[a-z-]+(?:="[^"<>]*")?)*)\s*>|<!DOCTYPE html>/g;
  let consumed = 0;
  for (const match of withoutRawText.matchAll(pattern)) {
    consumed += 1;
    if (match[2] === undefined || match[1] === '/') continue;
    const attributes = [...(match[3] ?? '').matchAll(/([a-z-]+)(?:="([^"]*)")?/g)].map((a): [string, string] => [a[1] ?? '', a[2] ?? '']);
    tags.push({ name: match[2], attributes });
  }
  expect(consumed, 'every < starts a tag').toBe(withoutRawText.split('<').length - 1);
  return tags;
}

function expectOnlyOwnMarkup(doc: string): Tag[] {
  const tags = tagsOf(doc);
  for (const tag of tags) {
    expect(TAGS, tag.name).toContain(tag.name);
    for (const [name] of tag.attributes) expect(ATTRIBUTES, `${tag.name} ${name}`).toContain(name);
  }
  expect(tags.filter((t) => t.name === 'script')).toHaveLength(1);
  expect(tags.filter((t) => t.name === 'style')).toHaveLength(1);
  return tags;
}

const hrefs = (tags: Tag[]): string[] => tags.flatMap((t) => t.attributes.filter(([name]) => name === 'href').map(([, value]) => value));
const decode = (text: string): string => text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const rowsOf = (doc: string, table: string): string[] => (doc.split(`id="${table}"`)[1]?.split('</tbody>')[0] ?? '').match(/<tr data-index/g) ?? [];

describe('toHtml', () => {
  it('is one HTML5 document with its style and script inline, under a CSP that allows nothing else', () => {
    const doc = toHtml(debianImageReport());
    expect(doc.startsWith('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy"')).toBe(true);
    expect(doc.endsWith('</html>\n')).toBe(true);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(doc)?.[1];
    expect(csp).toBe(HTML_CONTENT_SECURITY_POLICY);
    expect(csp).toMatch(/^default-src 'none'; /);
    expect(csp).toContain("base-uri 'none'");
    expect(csp).not.toMatch(/unsafe|\*|https?:|data:/);
    // The hashes are of exactly the text inside <script> and <style>.
    const hash = (tag: string): string => {
      const body = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(doc)?.[1] ?? '';
      return `'sha256-${createHash('sha256').update(body).digest('base64')}'`;
    };
    expect(csp).toContain(`script-src ${hash('script')}`);
    expect(csp).toContain(`style-src ${hash('style')}`);
    expectOnlyOwnMarkup(doc);
  });

  it('requests nothing: the only URLs are links to advisories and their references', () => {
    const report = debianImageReport();
    const doc = toHtml(report, { verdict: VERDICT });
    const tags = expectOnlyOwnMarkup(doc);
    expect(doc).not.toMatch(/\ssrc=|url\(|@import|<link|srcset/i);
    const advisories = new Set(
      report.vulnerabilities.flatMap((f) => [f.id, ...f.aliases, ...advisoryIds(f.source)]).map((id) => advisorySource(id).url),
    );
    const references = new Set(report.vulnerabilities.flatMap((f) => f.references ?? []));
    const links = hrefs(tags).map(decode).filter((href) => !href.startsWith('#'));
    expect(links.length).toBeGreaterThan(10);
    for (const href of links) expect(advisories.has(href) || references.has(href), href).toBe(true);
    // Every absolute URL in the document is one of those links (none in text, styles or the script).
    for (const url of doc.match(/https?:\/\/[^\s"<>]+/g) ?? []) expect(advisories.has(decode(url)) || references.has(decode(url)), url).toBe(true);
    expect(doc).toContain('href="https://nvd.nist.gov/vuln/detail/CVE-2021-44228"');
    expect(doc).toContain('href="https://github.com/advisories/GHSA-jfh8-c2jp-5v3q"');
    expect(doc).toContain('href="https://security-tracker.debian.org/tracker/DSA-5532-1"');
    expect(doc).toContain('href="https://pkg.go.dev/vuln/GO-2023-1878"');
    expect(doc).not.toContain('not a url');
    for (const tag of tags.filter((t) => t.name === 'a' && !t.attributes.some(([n, v]) => n === 'href' && v.startsWith('#')))) {
      expect(tag.attributes).toContainEqual(['rel', 'noopener noreferrer external']);
    }
  });

  it('summarises the scan: artifact, digest, platform, OS, scanner, database, counts', () => {
    const doc = toHtml(debianImageReport());
    for (const text of [
      '<title>Airlock scan: registry.example.com/payments/api:1.4.2</title>',
      '<code>sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945</code>',
      '<dt>Platform</dt><dd>linux/amd64</dd>',
      '<dt>OS</dt><dd>Debian GNU/Linux 12 (bookworm)</dd>',
      '<dt>Scanner</dt><dd>airlock 0.1.0</dd>',
      '<dd>41873 advisories, updated 2024-03-18T06:00:00Z</dd>',
      '<dt>Packages</dt><dd>11</dd>',
      '<dt>Vulnerabilities</dt><dd>10 (7 fixable)</dd>',
    ]) expect(doc).toContain(text);
    const counts = Object.fromEntries([...doc.matchAll(/<li class="sev-(\w+)" data-severity="\w+"><span class="sev">\w+<\/span><strong>(\d+)<\/strong><\/li>/g)].map((m) => [m[1], Number(m[2])]));
    expect(counts).toEqual({ critical: 3, high: 4, medium: 1, low: 1, unknown: 1 });
    expect(rowsOf(doc, 'findings-table')).toHaveLength(10);
    expect(rowsOf(doc, 'packages-table')).toHaveLength(11);
    expect(doc).toContain('sha256:1f7ce2fa46ab3942feabee654933948821303a5a821789dddab2d8c3df59e227</code> — 6 packages introduced, 5 vulnerabilities');
    expect(doc).toContain('— 5 packages introduced, 5 vulnerabilities');
    expect(doc).toContain('<li><code>layer sha256:9b7f5c3a0e4d: /usr/lib/python3.11/site-packages/broken-1.0.dist-info/METADATA: malformed header at line 3</code></li>');
  });

  it('lists findings most severe first, with the data the filters and sorting read', () => {
    const doc = toHtml(debianImageReport());
    const rows = rowsOf(doc, 'findings-table');
    expect(rows).toHaveLength(10);
    const severities = [...doc.matchAll(/<tr data-index="\d+" data-severity="(\w+)" data-fixable="(true|false)">/g)].map((m) => m[1]);
    expect(severities).toEqual(['critical', 'critical', 'critical', 'high', 'high', 'high', 'high', 'medium', 'low', 'unknown']);
    expect(doc).toContain('<th scope="col" data-type="number" aria-sort="ascending">Severity</th>');
    expect(doc).toContain('<td data-sort="9.8"><span title="CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H">9.8</span> <span class="small">v3.1</span></td>');
    expect(doc).toContain('<td data-sort="10"><span title="CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H">10.0</span>');
    expect(doc.match(/data-fixable="true"/g)).toHaveLength(7);
    for (const label of ['critical', 'high', 'medium', 'low', 'unknown']) expect(doc).toContain(`data-filter="severity" value="${label}" checked>`);
    expect(doc).toContain('data-filter="fixable" value="true">');
    // Controls that need the script are hidden until it runs.
    expect(doc.match(/<div class="filters" data-table="[\w-]+" hidden>/g)).toHaveLength(2);
  });

  it('shows the verdict and its reasons only when given', () => {
    expect(toHtml(debianImageReport())).not.toContain('id="verdict"');
    const doc = toHtml(debianImageReport(), { verdict: VERDICT });
    expect(doc).toContain('<span class="badge state-bad" id="verdict-state">rejected</span>');
    expect(doc).toContain('<dt>Policy</dt><dd><code>org@3,payments@1</code></dd>');
    expect(doc).toContain('<h3>Reasons (2)</h3>');
    expect(doc).toContain(
      '<code>no-fixable-critical</code></span> <span class="sev sev-critical">critical</span> <a href="https://nvd.nist.gov/vuln/detail/CVE-2021-44228" rel="noopener noreferrer external" target="_blank">CVE-2021-44228</a> <code>org.apache.logging.log4j:log4j-core</code> 2.14.1 → 2.15.0 <span class="small">(linux/amd64)</span><br>critical vulnerabilities with a fix are not allowed',
    );
    expect(doc).toContain('<code>airlock:incomplete-scan</code></span><br>a layer could not be read');
    expect(toHtml(emptyReport(), { verdict: { state: 'approved', reasons: [] } })).toContain('<span class="badge state-ok" id="verdict-state">approved</span>');
  });

  it('renders an empty scan without tables', () => {
    const doc = toHtml(emptyReport());
    expectOnlyOwnMarkup(doc);
    expect(doc).toContain('No vulnerabilities found.');
    expect(doc).toContain('No packages found.');
    expect(doc).toContain('Not an image: no layers.');
    expect(doc).not.toContain('<table');
  });

  it('escapes everything from the report and the options, and links only to http(s)', () => {
    for (const doc of [toHtml(hostileHtmlReport(), { verdict: hostileVerdict(), title: HOSTILE_TITLE }), toHtml(hostileReport())]) {
      const tags = expectOnlyOwnMarkup(doc);
      for (const href of hrefs(tags)) expect(href).toMatch(/^(#[a-z]+|https?:\/\/[^\s]+)$/);
      expect(tags.some((t) => t.attributes.some(([name]) => name.startsWith('on')))).toBe(false);
      expect(doc).not.toMatch(/href="(?!https?:\/\/|#)/i);
      expect(doc).not.toContain('\u202E');
    }
    const doc = toHtml(hostileHtmlReport(), { verdict: hostileVerdict(), title: HOSTILE_TITLE });
    expect(doc).toContain('<title>Report &lt;/title&gt;&lt;/style&gt;&lt;/textarea&gt;&lt;/script&gt;&lt;!-- --&gt;&lt;script&gt;window.__pwned=&#39;title&#39;&lt;/script&gt;</title>');
    expect(doc).toContain('<span class="badge state-other" id="verdict-state">rejected&quot;&gt;&lt;img src=x onerror=&quot;window.__pwned=&#39;state&#39;&quot;&gt;</span>');
    expect(doc).toContain('[U+202E]gpj.exe');
    // The one web reference is linked as the URL parser serialises it; the others are not links at all.
    expect(doc).toContain('href="https://advisories.example/?q=%22%3E%3Cimg%20src=x%20onerror=%22window.__pwned=%27reference-query%27%22%3E"');
    expect(doc).not.toContain('evil.example');
    // A bogus severity is shown and filtered as unknown.
    expect(doc).toMatch(/<tr data-index="1" data-severity="unknown" data-fixable="false">/);
  });

  it('is deterministic: the same report gives the same bytes, whatever order the scanner listed things in', () => {
    const report = debianImageReport();
    const reordered: ScanReport = { ...report, packages: [...report.packages].reverse(), vulnerabilities: [...report.vulnerabilities].reverse() };
    const doc = toHtml(report, { verdict: VERDICT });
    expect(toHtml(debianImageReport(), { verdict: VERDICT })).toBe(doc);
    expect(toHtml(reordered, { verdict: VERDICT })).toBe(doc);
  });
});
