/**
 * The scheduled vulnerability-database update: with `vulnerabilityDb.updateInterval`
 * set, the server imports its configured sources by itself, and an advisory
 * that appears in a source between two updates turns an approved image
 * at-risk, through the same sweep as `airlock db update`.
 * The advisories are GHSA records from ../shared/data/osv-advisories (see its README).
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startAirlock, type TestAirlock } from '../helpers/airlock.js';
import { skopeo } from '../helpers/skopeo.js';

const GHSA = path.resolve(import.meta.dirname, '../../../shared/data/osv-advisories/ghsa-npm-maven-rubygems/advisories/github-reviewed');
const UNRELATED = '2023/03/GHSA-3h57-hmj3-gj3p'; // not npm: nothing in the test image matches it
const MINIMIST = ['2020/04/GHSA-vh95-rmgr-6w4m', '2022/03/GHSA-xvch-5gv4-984h'];
const layout = path.join(inject('testImagesDir'), 'oci');

type Status = { state: string; reasons: Array<{ vulnerability?: string }> };
type Entry = { action: string; details: { added?: number; scheduled?: boolean } };

let airlock: TestAirlock;
let source: string;

const copyAdvisory = (advisory: string) => cp(path.join(GHSA, advisory), path.join(source, path.basename(advisory)), { recursive: true });
const status = async () => (await airlock.api<Status>('GET', `/images/status?ref=${encodeURIComponent('quarantine/acme/nodeapp:1')}`)).body;
const updates = async () => (await airlock.api<{ entries: Entry[] }>('GET', '/audit?action=vulnerability-db.updated&order=oldest')).body.entries;

beforeAll(async () => {
  source = await mkdtemp(path.join(tmpdir(), 'airlock-osv-source-'));
  await copyAdvisory(UNRELATED);
  airlock = await startAirlock({ config: { gate: { workers: 1, pollInterval: '50ms', tick: '200ms' }, vulnerabilityDb: { updateInterval: '1s', sources: [source] } } });
  await airlock.createTeam('acme');
});
afterAll(async () => {
  await airlock.close();
  await rm(source, { recursive: true, force: true });
});

describe('the scheduled vulnerability-database update', () => {
  it('imports the configured sources by itself and records it', async () => {
    await expect.poll(updates, { timeout: 10_000 }).toEqual([expect.objectContaining({ details: expect.objectContaining({ added: 1, scheduled: true }) })]);
  });

  it('re-decides an approved image when a later update brings an advisory that touches it', async () => {
    const ci = (await airlock.createToken('acme', 'ci')).token;
    await skopeo(['copy', '--dest-tls-verify=false', '--dest-creds', `ci:${ci}`, `oci:${layout}:nodeapp`, `docker://${airlock.host}/quarantine/acme/nodeapp:1`]);
    await expect.poll(async () => (await status()).state, { timeout: 30_000 }).toBe('approved');

    for (const advisory of MINIMIST) await copyAdvisory(advisory);
    await expect.poll(async () => (await status()).state, { timeout: 15_000 }).toBe('at-risk');
    expect((await status()).reasons).toEqual(expect.arrayContaining([expect.objectContaining({ vulnerability: 'CVE-2021-44906' })]));
    expect((await updates()).some((entry) => entry.details.added === 2)).toBe(true);
  });
});
