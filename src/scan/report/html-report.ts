/**
 * `airlock scan --format html`: one self-contained HTML5 page per scan, for people
 * (a CI artifact, an attachment, what the dashboard links to). Everything is inline
 * and the page requests nothing — no fonts, images, scripts or styles from anywhere
 * — so it reads the same offline, in a mail client or years later, and leaks nothing
 * about who opened it. With JavaScript off every section and row is there in the
 * default order; with it, the tables sort and filter.
 *
 * Package names, versions, paths, licences and advisory texts are chosen by whoever
 * built the image or wrote the advisory: every one is escaped (html-escape.ts), only
 * http(s) URLs become links, and the Content-Security-Policy allows no source at all
 * except the page's own script and stylesheet, by hash, so even a missed escape
 * could not run a script or fetch anything.
 *
 * Pure and deterministic: the same report and options give the same bytes.
 */
import { createHash } from 'node:crypto';
import { html } from './html-escape.js';
import { findingsSection } from './html-findings.js';
import { errorsSection, layersSection, packagesSection } from './html-inventory.js';
import { HTML_SCRIPT } from './html-script.js';
import { HTML_STYLE } from './html-style.js';
import { summarySection, verdictSection, type HtmlVerdict } from './html-summary.js';
import type { ScanReport } from './scan-report.js';

export type { HtmlVerdict, HtmlVerdictReason } from './html-summary.js';

export interface HtmlOptions {
  /** A gate decision to show above the findings (the dashboard and API pass the image's verdict). */
  verdict?: HtmlVerdict;
  /** The page title; default `Airlock scan: <artifact name>`. */
  title?: string;
}

const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * Nothing may load from anywhere (`default-src 'none'` covers images, fonts, frames,
 * fetch/XHR, media); the inline script and stylesheet run because their hashes are
 * listed, which also keeps out any `style` attribute or injected element. `base-uri`
 * and `form-action` are not covered by `default-src`, so they are closed explicitly.
 */
export const HTML_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `script-src ${sha256(HTML_SCRIPT)}`,
  `style-src ${sha256(HTML_STYLE)}`,
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export function toHtml(report: ScanReport, options: HtmlOptions = {}): string {
  const title = options.title ?? `Airlock scan: ${report.artifact.name}`;
  const sections = [
    summarySection(report),
    options.verdict === undefined ? '' : verdictSection(options.verdict),
    findingsSection(report),
    packagesSection(report),
    layersSection(report),
    errorsSection(report),
  ].filter((section) => section !== '');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    // First in <head>, before anything it governs. Written as is: Airlock's constants and base64, no `"` or `&`.
    `<meta http-equiv="Content-Security-Policy" content="${HTML_CONTENT_SECURITY_POLICY}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="${html(`${report.scanner.name} ${report.scanner.version}`)}">`,
    `<title>${html(title)}</title>`,
    `<style>${HTML_STYLE}</style>`,
    '</head>',
    '<body>',
    '<header>',
    `<h1>${html(title)}</h1>`,
    navigation(options.verdict !== undefined),
    '<noscript><p class="muted">Sorting and filtering need JavaScript; without it every row is shown, in the default order.</p></noscript>',
    '</header>',
    '<main>',
    ...sections,
    '</main>',
    `<footer>Written by ${html(`${report.scanner.name} ${report.scanner.version}`)} for the scan of <time>${html(report.createdAt)}</time>.</footer>`,
    `<script>${HTML_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function navigation(withVerdict: boolean): string {
  const entries: [string, string][] = [
    ['summary', 'Summary'],
    ...(withVerdict ? ([['verdict', 'Verdict']] as [string, string][]) : []),
    ['findings', 'Vulnerabilities'],
    ['packages', 'Packages'],
    ['layers', 'Layers'],
    ['errors', 'Scan errors'],
  ];
  return `<nav aria-label="Sections"><ul>${entries.map(([id, label]) => `<li><a href="#${id}">${label}</a></li>`).join('')}</ul></nav>`;
}
