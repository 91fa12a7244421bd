/**
 * Exceptions stop applying by themselves: once an accepted vulnerability's
 * exception expires, the sweep announces it (event and audit entry, once) and
 * re-decides what it covered, so an image approved only thanks to it turns
 * at-risk. Time is the server's injected clock, moved forward by the test.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { VulnerabilityDatabase } from '../../src/scan/index.js';
import { startAirlock, type TestAirlock } from '../helpers/airlock.js';
import { skopeo } from '../helpers/skopeo.js';

const OSV = path.resolve(import.meta.dirname, '../../../shared/data/osv-advisories/ghsa-npm-maven-rubygems/advisories');
const layout = path.join(inject('testImagesDir'), 'oci');
const HOUR = 3_600_000;

type Status = { state: string; reasons: Array<{ vulnerability?: string }> };
let airlock: TestAirlock;
let now = Date.now();

const status = async () => (await airlock.api<Status>('GET', `/images/status?ref=${encodeURIComponent('quarantine/acme/nodeapp:1')}`)).body;

beforeAll(async () => {
  airlock = await startAirlock({ clock: () => now, config: { gate: { workers: 1, pollInterval: '50ms', tick: '100ms' } } });
  await airlock.createTeam('acme');
  await new VulnerabilityDatabase(airlock.server.database.db).update({ sources: [OSV] });
  const ci = (await airlock.createToken('acme', 'ci')).token;
  await skopeo(['copy', '--dest-tls-verify=false', '--dest-creds', `ci:${ci}`, `oci:${layout}:nodeapp`, `docker://${airlock.host}/quarantine/acme/nodeapp:1`]);
});
afterAll(() => airlock.close());

describe('an expiring exception', () => {
  it('approves the image while it applies', async () => {
    await expect.poll(async () => (await status()).state, { timeout: 30_000 }).toBe('rejected');
    const vulnerabilities = [...new Set((await status()).reasons.map((reason) => reason.vulnerability).filter((id) => id !== undefined))];
    expect(vulnerabilities).toContain('CVE-2021-44906');
    for (const vulnerability of vulnerabilities) {
      const created = await airlock.api('POST', '/exceptions', { vulnerability, scope: 'team:acme', reason: 'not reachable: build-time only', expiresAt: new Date(now + HOUR).toISOString() });
      expect(created.status).toBe(201);
    }
    await expect.poll(async () => (await status()).state, { timeout: 15_000 }).toBe('approved');
  });

  it('stops applying once expired: announced once, recorded, and the image re-decided to at-risk', async () => {
    now += 2 * HOUR;
    await expect.poll(async () => (await status()).state, { timeout: 15_000 }).toBe('at-risk');
    expect((await status()).reasons).toEqual(expect.arrayContaining([expect.objectContaining({ vulnerability: 'CVE-2021-44906' })]));
    // A re-decision already queued may notice the expiry before the sweep announces it: both happen, in either order.
    const exceptions = (await airlock.api<{ exceptions: unknown[] }>('GET', '/exceptions?state=expired')).body.exceptions;
    expect(exceptions.length).toBeGreaterThan(0);
    const events = async () => (await airlock.api<{ events: unknown[] }>('GET', '/events?type=exception.expired')).body.events.length;
    await expect.poll(events, { timeout: 10_000 }).toBe(exceptions.length);
    const audited = (await airlock.api<{ entries: Array<{ actor: string }> }>('GET', '/audit?action=exception.expired')).body.entries;
    expect(audited).toHaveLength(exceptions.length);
    expect(audited.every((entry) => entry.actor === 'system')).toBe(true);
  });
});
