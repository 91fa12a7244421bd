/**
 * The dashboard in a real browser (Debian's chromium) against a real Airlock
 * seeded through its own API and registry: a clean image is approved and a
 * vulnerable one rejected; a security user signs in, filters, exports,
 * accepts the vulnerability in place and sees the image approved; a viewer is
 * offered no edit controls and the API refuses the edit anyway.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { VulnerabilityDatabase } from '../../src/scan/index.js';
import { startAirlock, type Credentials, type TestAirlock } from '../helpers/airlock.js';
import { launchChromium, screenshot } from '../helpers/browser.js';
import { pushTestImage, startDockerRegistry, type DockerRegistry } from '../helpers/docker-registry.js';
import { skopeo } from '../helpers/skopeo.js';

const layout = path.join(inject('testImagesDir'), 'oci');
const OSV = path.resolve(import.meta.dirname, '../../../shared/data/osv-advisories');
const CVE = 'CVE-2021-44906';
const POLICY = `apiVersion: airlock/v1
kind: Policy
metadata:
  name: org
spec:
  gracePeriod: 7d
  rules:
    - id: no-minimist-prototype-pollution
      deny: {vulnerabilities: [${CVE}]}
`;

let airlock: TestAirlock;
let browser: Browser;
let security: Credentials;
let viewer: Credentials;
let upstream: DockerRegistry;

async function waitForVerdict(ref: string): Promise<string> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const status = await airlock.api<{ state: string }>('GET', `/images/status?ref=${encodeURIComponent(ref)}`);
    if (status.status === 200 && !['received', 'scanning'].includes(status.body.state)) return status.body.state;
    if (Date.now() > deadline) throw new Error(`${ref} not judged: ${JSON.stringify(status.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function waitForMirror(): Promise<string | undefined> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const status = await airlock.api<{ entries: Array<{ tags: Array<{ state?: string }> }> }>('GET', '/mirror/status');
    const state = status.body.entries[0]?.tags[0]?.state;
    if ((state && !['received', 'scanning'].includes(state)) || Date.now() > deadline) return state;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function signIn(page: Page, who: Credentials, next = '/images'): Promise<void> {
  await page.goto(`${airlock.url}${next}`);
  await page.getByLabel('User name').fill(who.username);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('who').waitFor();
}

const rows = (page: Page) => page.getByTestId('images-table').locator('tbody tr');

beforeAll(async () => {
  airlock = await startAirlock({ config: { gate: { workers: 1, pollInterval: '100ms' } } });
  await airlock.createTeam('acme');
  const ci = (await airlock.createToken('acme', 'ci')).token;
  security = await airlock.createUser('sam', 'security');
  viewer = await airlock.createUser('vera', 'viewer');
  await new VulnerabilityDatabase(airlock.server.database.db).update({ sources: [path.join(OSV, 'ghsa-npm-maven-rubygems/advisories')] });
  const applied = await airlock.api('PUT', '/policies/org', { text: POLICY });
  expect(applied.status).toBe(200);
  for (const [tag, repository] of [['debian', 'quarantine/acme/debian'], ['nodeapp', 'quarantine/acme/nodeapp']] as const) {
    await skopeo(['copy', '--dest-tls-verify=false', '--dest-creds', `ci:${ci}`, `oci:${layout}:${tag}`, `docker://${airlock.host}/${repository}:1.0`]);
  }
  expect(await waitForVerdict('quarantine/acme/debian:1.0')).toBe('approved');
  expect(await waitForVerdict('quarantine/acme/nodeapp:1.0')).toBe('rejected');
  // A public image mirrored through the gate, for the Mirror page.
  upstream = await startDockerRegistry();
  await pushTestImage(upstream, layout, 'debian', 'library/debian:12');
  const catalog = `upstreams:\n  - host: ${upstream.host}\n    insecure: true\nimages:\n  - source: ${upstream.host}/library/debian\n    tags: ["12"]\n`;
  expect((await airlock.api('PUT', '/mirror/catalog', { text: catalog })).status).toBe(200);
  expect(await waitForMirror()).toBe('approved');
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await airlock?.close();
  await upstream?.stop();
});

describe('the dashboard', () => {
  let page: Page;

  it('signs a security user in and shows the rejected and the approved image', async () => {
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    const failed = await page.goto(`${airlock.url}/overview`);
    expect(failed?.headers()['content-security-policy']).toContain("default-src 'self'");
    await page.getByLabel('User name').fill('sam');
    await page.getByLabel('Password').fill('wrong-password-123');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('invalid username or password');
    await signIn(page, security);
    await page.goto(`${airlock.url}/images`);
    await expect.poll(() => rows(page).count()).toBe(3);
    await expect.poll(() => page.locator('tr[data-state="rejected"]').textContent()).toContain('quarantine/acme/nodeapp');
    expect(await page.locator('tr[data-state="approved"]').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('quarantine/acme/debian'), expect.stringContaining('quarantine/mirror/')]));
    await screenshot(page, 'images');
    // The team filter suggests the teams (and mirror), and narrows the table to one.
    await expect.poll(() => page.locator('#team-names option[value="acme"]').count()).toBe(1);
    expect(await page.locator('#team-names option[value="mirror"]').count()).toBe(1);
    await page.getByLabel('Team').fill('mirror');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => rows(page).count()).toBe(1);
    expect(await rows(page).first().textContent()).toContain('quarantine/mirror/');
    await page.getByLabel('Team').fill('');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => rows(page).count()).toBe(3);
  });

  it('narrows the table to the images with one vulnerability, in a shareable URL', async () => {
    await page.getByLabel('Vulnerability').fill(CVE);
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => rows(page).count()).toBe(1);
    expect(await rows(page).first().textContent()).toContain('quarantine/acme/nodeapp');
    expect(page.url()).toContain(`vulnerability=${CVE}`);
    await page.reload();
    await expect.poll(() => page.getByTestId('total').textContent()).toBe('1 image');
    await screenshot(page, 'images-filtered');
  });

  it('exports exactly the filtered rows as CSV', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    const csv = await readFile((await download.path()) as string, 'utf8');
    const lines = csv.trim().split(/\r\n/);
    expect(lines[0]).toBe('id,repository,team,tags,state,critical,high,medium,low,unknown,digest,receivedAt,decidedAt');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/,quarantine\/acme\/nodeapp,acme,1\.0,rejected,/);
  });

  it('shows the overview, the image’s verdict and the blast radius of its vulnerability', async () => {
    await page.goto(`${airlock.url}/overview`);
    await expect.poll(() => page.getByTestId('count-rejected').textContent()).toBe('1');
    expect(await page.getByTestId('count-approved').textContent()).toBe('2'); // acme/debian and the mirrored debian
    await screenshot(page, 'overview');
    await page.goto(`${airlock.url}/vulnerabilities/${CVE}`);
    await expect.poll(() => page.getByTestId('affected-images').locator('tbody tr').count()).toBe(1);
    expect(await page.getByTestId('affected-images').textContent()).toContain('minimist');
    await screenshot(page, 'vulnerability');
  });

  it('turns the rejected image approved with an exception created in place', async () => {
    await page.goto(`${airlock.url}/images?state=rejected`);
    await page.getByRole('link', { name: 'quarantine/acme/nodeapp' }).click();
    await expect.poll(() => page.getByTestId('reasons').textContent()).toContain(CVE);
    const finding = page.locator(`tr[data-finding="${CVE}"]`).first();
    await expect.poll(() => finding.textContent()).toContain('denied');
    await screenshot(page, 'image-rejected');
    await finding.getByRole('button', { name: 'Accept…' }).click();
    await page.getByLabel('Reason').fill('minimist is only used by the build, not at run time');
    await page.getByRole('button', { name: 'Create exception' }).click();
    await expect.poll(() => page.locator('h1 .badge').textContent(), { timeout: 30_000 }).toBe('approved');
    await expect.poll(() => page.locator(`tr[data-finding="${CVE}"]`).first().textContent(), { timeout: 10_000 }).toContain('accepted until');
    await screenshot(page, 'image-approved');
    for (const tab of ['Packages', 'Layers', 'History', 'Report']) {
      await page.getByRole('tab', { name: tab }).click();
      await screenshot(page, `image-${tab.toLowerCase()}`);
    }
    const status = await airlock.api<{ state: string }>('GET', `/images/status?ref=${encodeURIComponent('quarantine/acme/nodeapp:1.0')}`);
    expect(status.body.state).toBe('approved');
  });

  it('shows the other pages to the security user, with their controls', async () => {
    await page.goto(`${airlock.url}/exceptions`);
    await expect.poll(() => page.getByTestId('exceptions-table').textContent()).toContain(CVE);
    await screenshot(page, 'exceptions');
    await page.goto(`${airlock.url}/policies`);
    await page.getByLabel('policy YAML').waitFor();
    await page.getByLabel('policy YAML').fill(POLICY.replace('rules:', 'rules:\n    - {id: broken, deny: {severity: catastrophic}}'));
    await page.getByRole('button', { name: 'Validate' }).click();
    await expect.poll(() => page.locator('.issues').textContent()).toContain('severity');
    await page.getByLabel('policy YAML').fill(POLICY.replace(`[${CVE}]`, `[${CVE}, CVE-2000-0001]`));
    await page.getByRole('button', { name: 'Preview impact' }).click();
    await expect.poll(() => page.getByTestId('impact').textContent()).toContain('would be revoked');
    await screenshot(page, 'policies');
    await page.goto(`${airlock.url}/audit`);
    await expect.poll(() => page.getByTestId('chain-status').textContent()).toContain('Intact');
    await expect.poll(() => page.getByTestId('audit-table').textContent()).toContain('exception.created');
    await screenshot(page, 'audit');
    await page.goto(`${airlock.url}/webhooks`);
    await page.getByTestId('webhooks-table').waitFor();
    await screenshot(page, 'webhooks');
    await page.goto(`${airlock.url}/mirror`);
    await page.getByRole('heading', { name: 'Mirror' }).waitFor();
    await expect.poll(() => page.getByTestId('mirror-table').textContent()).toMatch(/library\/debian.*12.*approved/);
    await screenshot(page, 'mirror');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('User name').waitFor();
  });

  it('offers a viewer no edit controls, and the API refuses the edit anyway', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const viewerPage = await context.newPage();
    await signIn(viewerPage, viewer, '/policies');
    await viewerPage.getByTestId('policy-text').waitFor();
    expect(await viewerPage.getByLabel('policy YAML').count()).toBe(0);
    expect(await viewerPage.getByRole('button', { name: 'Apply' }).count()).toBe(0);
    await screenshot(viewerPage, 'viewer-policies');
    await viewerPage.goto(`${airlock.url}/exceptions`);
    await viewerPage.getByTestId('exceptions-table').waitFor();
    expect(await viewerPage.getByRole('button', { name: 'New exception…' }).count()).toBe(0);
    expect(await viewerPage.getByRole('button', { name: 'Revoke' }).count()).toBe(0);
    await viewerPage.goto(`${airlock.url}/images?vulnerability=${CVE}`);
    await viewerPage.getByRole('link', { name: 'quarantine/acme/nodeapp' }).click();
    await viewerPage.getByTestId('findings-table').waitFor();
    expect(await viewerPage.getByRole('button', { name: 'Accept…' }).count()).toBe(0);
    await screenshot(viewerPage, 'viewer-image');
    const refused = await viewerPage.evaluate(async ({ policy }) => {
      const session = (await (await fetch('/api/v1/session')).json()) as { csrfToken: string };
      const headers = { 'content-type': 'application/json', 'x-airlock-csrf': session.csrfToken };
      const put = await fetch('/api/v1/policies/org', { method: 'PUT', headers, body: JSON.stringify({ text: policy }) });
      const post = await fetch('/api/v1/exceptions', { method: 'POST', headers, body: JSON.stringify({ vulnerability: 'CVE-2000-0001', scope: 'org', reason: 'no', expiresAt: '2099-01-01' }) });
      const forged = await fetch('/api/v1/exceptions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      return { put: [put.status, ((await put.json()) as { error: { code: string } }).error.code], post: post.status, forged: [forged.status, ((await forged.json()) as { error: { code: string } }).error.code] };
    }, { policy: POLICY });
    expect(refused).toEqual({ put: [403, 'DENIED'], post: 403, forged: [403, 'CSRF_REJECTED'] });
    await context.close();
  });

  it('fits a laptop screen and a large monitor, and works from the keyboard alone', async () => {
    for (const [name, viewport] of [['laptop', { width: 1280, height: 720 }], ['monitor', { width: 2560, height: 1440 }]] as const) {
      const context = await browser.newContext({ viewport });
      const keyboardPage = await context.newPage();
      await keyboardPage.goto(`${airlock.url}/images`);
      // Sign in without the mouse: the user name field has focus, Tab moves on, Enter submits.
      await keyboardPage.getByLabel('User name').focus();
      await keyboardPage.keyboard.type(security.username);
      await keyboardPage.keyboard.press('Tab');
      await keyboardPage.keyboard.type(security.password);
      await keyboardPage.keyboard.press('Enter');
      await expect.poll(() => rows(keyboardPage).count()).toBe(3);
      // Nothing overflows the window sideways at this size.
      expect(await keyboardPage.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
      // Tab reaches the skip link first, then the navigation; Enter on a link navigates.
      await keyboardPage.keyboard.press('Tab');
      expect(await keyboardPage.evaluate('document.activeElement?.textContent')).toContain('Skip to content');
      let label = '';
      for (let step = 0; step < 12 && label !== 'Overview'; step++) {
        await keyboardPage.keyboard.press('Tab');
        label = String(await keyboardPage.evaluate("document.activeElement?.textContent ?? ''")).trim();
      }
      expect(label).toBe('Overview');
      await keyboardPage.keyboard.press('Enter');
      await keyboardPage.getByTestId('count-approved').waitFor();
      await screenshot(keyboardPage, `overview-${name}`);
      await context.close();
    }
  });
});
