/**
 * The HTML report in a real browser (Debian's Chromium through playwright-core):
 * opened from a file as a user would, its tables sort and filter, the hostile sample
 * runs nothing, and no page makes a single request beyond its own file. Without
 * JavaScript every row is still there.
 *
 * The test files are type-checked without the DOM library, so code that runs in the
 * page is passed as strings.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatNamed } from '../../src/scan/index.js';
import { HOSTILE_TITLE, hostileHtmlReport, hostileVerdict } from '../../src/scan/report/fixtures/hostile-html-report.js';
import { debianImageReport } from '../../src/scan/report/fixtures/sample-reports.js';
import { toHtml } from '../../src/scan/report/html-report.js';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Runs before any page script: records CSP violations (a blocked inline script or style would show here). */
const WATCH_CSP = `window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));`;

/** The order the page's script sorts text in. */
const COLLATOR = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

let work: string;
let browser: BrowserContext;

/** A fresh profile each run, so nothing cached or remembered from another run shapes what the page does. */
async function launch(dir: string, javaScriptEnabled = true): Promise<BrowserContext> {
  return chromium.launchPersistentContext(path.join(work, dir), { executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS, javaScriptEnabled });
}

interface Opened {
  page: Page;
  /** Every request other than the page's own file, each refused. */
  requests: string[];
  dialogs: string[];
  errors: string[];
}

async function open(context: BrowserContext, file: string, html: string): Promise<Opened> {
  const location = path.join(work, file);
  await writeFile(location, html);
  const url = pathToFileURL(location).href;
  const opened: Opened = { page: await context.newPage(), requests: [], dialogs: [], errors: [] };
  const { page } = opened;
  await page.route('**/*', async (route) => {
    if (route.request().url() === url) return route.continue();
    opened.requests.push(route.request().url());
    return route.abort('blockedbyclient');
  });
  page.on('dialog', (dialog) => {
    opened.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => opened.errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') opened.errors.push(message.text());
  });
  await page.addInitScript(WATCH_CSP);
  await page.goto(url, { waitUntil: 'load' });
  return opened;
}

async function expectQuiet(opened: Opened): Promise<void> {
  expect(opened.requests).toEqual([]);
  expect(opened.dialogs).toEqual([]);
  expect(opened.errors).toEqual([]);
  expect(await opened.page.evaluate('JSON.stringify(window.__violations)')).toBe('[]');
}

const rows = (page: Page, table: string) => page.locator(`#${table} tbody tr:visible`);
const column = (page: Page, table: string, n: number) => page.locator(`#${table} tbody tr:visible td:nth-child(${n})`).allTextContents();
const header = (page: Page, table: string, label: string) => page.locator(`#${table} thead th`, { hasText: label });

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'airlock-html-report-'));
  browser = await launch('profile');
});

afterAll(async () => {
  await browser?.close();
  await rm(work, { recursive: true, force: true });
});

describe('HTML report in Chromium', () => {
  it('sorts by any column header, and says so with aria-sort', async () => {
    const opened = await open(browser, 'debian.html', formatNamed('html').render(debianImageReport()));
    const { page } = opened;
    const severity = header(page, 'findings-table', 'Severity');
    const pkg = header(page, 'findings-table', 'Package');
    await expect(severity.getAttribute('aria-sort')).resolves.toBe('ascending');
    expect(await column(page, 'findings-table', 1)).toEqual(['critical', 'critical', 'critical', 'high', 'high', 'high', 'high', 'medium', 'low', 'unknown']);
    const byReport = (await column(page, 'findings-table', 3)).map((cell) => cell.split(' ')[0] ?? '');
    expect(byReport.slice(0, 3)).toEqual(['@babel/traverse', 'org.apache.logging.log4j:log4j-core', 'zlib1g']);

    await pkg.getByRole('button').click();
    await expect(pkg.getAttribute('aria-sort')).resolves.toBe('ascending');
    await expect(severity.getAttribute('aria-sort')).resolves.toBeNull();
    const ascending = (await column(page, 'findings-table', 3)).map((cell) => cell.split(' ')[0] ?? '');
    expect(ascending).not.toEqual(byReport);
    expect(ascending).toEqual([...byReport].sort(COLLATOR.compare));
    expect(ascending[0]).toBe('@babel/traverse');

    await pkg.getByRole('button').click();
    await expect(pkg.getAttribute('aria-sort')).resolves.toBe('descending');
    expect((await column(page, 'findings-table', 3))[0]).toMatch(/^zlib1g/);

    // Numbers sort as numbers: no score first, 10.0 last.
    const cvss = header(page, 'findings-table', 'CVSS');
    await cvss.getByRole('button').click();
    const scores = (await column(page, 'findings-table', 6)).map((cell) => Number.parseFloat(cell) || -1);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
    expect(scores.at(-1)).toBe(10);

    // The packages table sorts too, by keyboard as well; versions compare numerically (1.2.8 before 1.19.8).
    const version = header(page, 'packages-table', 'Version');
    await version.getByRole('button').focus();
    await page.keyboard.press('Enter');
    await expect(version.getAttribute('aria-sort')).resolves.toBe('ascending');
    const versions = await column(page, 'packages-table', 2);
    expect(versions).toEqual([...versions].sort(COLLATOR.compare));
    expect(versions.indexOf('1.2.8')).toBeLessThan(versions.indexOf('1.19.8'));
    await expectQuiet(opened);
  });

  it('filters by words, severity and fixability', async () => {
    const opened = await open(browser, 'debian-filter.html', toHtml(debianImageReport()));
    const { page } = opened;
    const findings = page.locator('.filters[data-table="findings-table"]');
    await expect(findings.isVisible()).resolves.toBe(true);
    await expect(findings.locator('output').textContent()).resolves.toBe('Showing 10 of 10');

    await findings.getByRole('searchbox').fill('lodash');
    await expect(rows(page, 'findings-table').count()).resolves.toBe(2);
    await expect(findings.locator('output').textContent()).resolves.toBe('Showing 2 of 10');
    await findings.getByRole('searchbox').fill('openssl 7.5');
    await expect(rows(page, 'findings-table').count()).resolves.toBe(2);
    await findings.getByRole('searchbox').fill('no-such-package');
    await expect(rows(page, 'findings-table').count()).resolves.toBe(0);
    await expect(page.locator('#findings-table-none').isVisible()).resolves.toBe(true);
    await findings.getByRole('searchbox').fill('');
    await expect(rows(page, 'findings-table').count()).resolves.toBe(10);

    await findings.getByRole('checkbox', { name: 'critical' }).uncheck();
    await expect(rows(page, 'findings-table').count()).resolves.toBe(7);
    expect(await column(page, 'findings-table', 1)).not.toContain('critical');
    await findings.getByRole('checkbox', { name: 'fixable only' }).check();
    expect(await column(page, 'findings-table', 1)).toEqual(['high', 'high', 'high', 'high', 'medium']);
    await findings.getByRole('checkbox', { name: 'critical' }).check();
    await expect(rows(page, 'findings-table').count()).resolves.toBe(7);
    expect(await column(page, 'findings-table', 5)).not.toContain('no fix');

    const packages = page.locator('.filters[data-table="packages-table"]');
    await packages.getByRole('searchbox').fill('DPKG');
    expect(await column(page, 'packages-table', 1)).toEqual(['libc6 (source glibc)', 'libssl3 (source openssl)', 'openssl', 'zlib1g (source zlib)']);
    await expect(packages.locator('output').textContent()).resolves.toBe('Showing 4 of 11');
    await expectQuiet(opened);
  });

  it('runs nothing from a hostile report, shows its text as text, and requests nothing', async () => {
    const opened = await open(browser, 'hostile.html', toHtml(hostileHtmlReport(), { verdict: hostileVerdict(), title: HOSTILE_TITLE }));
    const { page } = opened;
    // Poke at it as a reader would: hover rows, sort, filter, follow nothing.
    for (const th of await page.locator('#findings-table thead th button').all()) await th.click();
    await page.locator('#findings-table tbody tr').first().hover();
    await page.locator('#packages-table tbody td').first().hover();
    await page.locator('.filters[data-table="findings-table"]').getByRole('searchbox').fill('script');
    await expect(page.evaluate('typeof window.__pwned')).resolves.toBe('undefined');
    await expect(page.evaluate('document.scripts.length')).resolves.toBe(1);
    await expect(page.evaluate("document.querySelectorAll('img, svg, iframe, object, embed, base, form, link, textarea').length")).resolves.toBe(0);
    const hrefs = (await page.evaluate("JSON.stringify([...document.querySelectorAll('[href]')].map((a) => a.href))")) as string;
    for (const href of JSON.parse(hrefs) as string[]) expect(href).toMatch(/^(https?:\/\/|file:.*#[a-z]+$)/);
    const handlers = await page.evaluate("[...document.querySelectorAll('*')].flatMap((e) => [...e.attributes].map((a) => a.name)).filter((n) => n.startsWith('on')).length");
    expect(handlers).toBe(0);
    // What the attacker wrote is shown, exactly, as text.
    await expect(page.title()).resolves.toBe(HOSTILE_TITLE);
    await expect(page.locator('#packages-table tbody td').first().textContent()).resolves.toContain("left-pad<script>window.__pwned='package'</script>");
    await expectQuiet(opened);
  });

  it('notices a request when a page makes one (the check above can fail)', async () => {
    const opened = await open(browser, 'control.html', '<!DOCTYPE html><title>control</title><img src="http://127.0.0.1:9/pixel.png" alt="">');
    expect(opened.requests).toEqual(['http://127.0.0.1:9/pixel.png']);
    await opened.page.close();
  });

  it('shows every row without JavaScript, and hides the controls that would do nothing', async () => {
    const noScript = await launch('profile-no-js', false);
    try {
      const opened = await open(noScript, 'debian-no-js.html', toHtml(debianImageReport()));
      const { page } = opened;
      await expect(rows(page, 'findings-table').count()).resolves.toBe(10);
      await expect(rows(page, 'packages-table').count()).resolves.toBe(11);
      await expect(page.locator('.filters').first().isVisible()).resolves.toBe(false);
      await expect(page.locator('#findings-table thead button').count()).resolves.toBe(0);
      await expect(page.locator('noscript').count()).resolves.toBe(1);
      expect(opened.requests).toEqual([]);
    } finally {
      await noScript.close();
    }
  });
});
