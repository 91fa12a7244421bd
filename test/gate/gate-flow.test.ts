/**
 * The gate end to end: skopeo pushes real images to quarantine; clean ones are
 * approved and pullable from the team's repository within seconds, vulnerable
 * ones are rejected with reasons naming the vulnerabilities; webhooks receive
 * signed CloudEvents; every step is in a verifiable audit trail.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { verifyAuditLog } from '../../src/audit/index.js';
import { EventOutbox, WebhookStore, verifySignature } from '../../src/events/index.js';
import { VulnerabilityDatabase } from '../../src/scan/index.js';
import { ADMIN, startAirlock, type TestAirlock } from '../helpers/airlock.js';
import { skopeo, skopeoFailure } from '../helpers/skopeo.js';
import { layoutManifest } from '../skopeo/oci-layout.js';

const layout = path.join(inject('testImagesDir'), 'oci');
const OSV = path.resolve(import.meta.dirname, '../../../shared/data/osv-advisories');
let airlock: TestAirlock;
let ci: string;
let puller: string;
let receiver: Server;
const received: Array<{ headers: IncomingMessage['headers']; body: string }> = [];

async function push(tag: string, repository: string, version: string): Promise<void> {
  await skopeo(['copy', '--dest-tls-verify=false', '--dest-creds', `ci:${ci}`, `oci:${layout}:${tag}`, `docker://${airlock.host}/${repository}:${version}`]);
}

async function waitFor(ref: string, done: (state: string) => boolean, timeoutMs = 60_000): Promise<{ state: string; digest: string; reasons: Array<Record<string, string>> }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await airlock.api<{ state: string; digest: string; reasons: Array<Record<string, string>> }>('GET', `/images/status?ref=${encodeURIComponent(ref)}`);
    if (status.status === 200 && done(status.body.state)) return status.body;
    if (Date.now() > deadline) throw new Error(`${ref} still ${JSON.stringify(status.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

beforeAll(async () => {
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  airlock = await startAirlock({ config: { gate: { workers: 1, pollInterval: '100ms' } } });
  await airlock.createTeam('acme');
  ci = (await airlock.createToken('acme', 'ci')).token;
  puller = (await airlock.createToken('acme', 'puller')).token;
  const db = airlock.server.database.db;
  await new VulnerabilityDatabase(db).update({ sources: [path.join(OSV, 'ghsa-npm-maven-rubygems/advisories')] });
  const address = receiver.address() as { port: number };
  await new WebhookStore(db).create({ url: `http://127.0.0.1:${address.port}/hook`, secret: 'a-webhook-secret-of-24-chars', teams: ['acme'], createdBy: 'test' });
});
afterAll(async () => {
  await airlock.close();
  await new Promise((resolve) => receiver.close(resolve));
});

describe('the gate', () => {
  it('approves a clean image and serves it, same digest, from the team’s repository', async () => {
    const started = Date.now();
    await push('debian', 'quarantine/acme/debian', '12');
    const status = await waitFor('quarantine/acme/debian:12', (state) => state !== 'received' && state !== 'scanning');
    expect(status).toMatchObject({ state: 'approved', reasons: [] });
    expect(Date.now() - started).toBeLessThan(30_000);
    const pulled = await skopeo(['inspect', '--raw', '--tls-verify=false', '--creds', `cluster:${puller}`, `docker://${airlock.host}/acme/debian:12`]);
    expect(status.digest).toBe((await layoutManifest(layout, 'debian')).digest);
    expect(pulled.stdout.length).toBeGreaterThan(0);
  });

  it('rejects an image with vulnerable npm packages, naming them, and never promotes it', async () => {
    await push('nodeapp', 'quarantine/acme/nodeapp', '1.0');
    const status = await waitFor('quarantine/acme/nodeapp:1.0', (state) => state !== 'received' && state !== 'scanning');
    expect(status.state).toBe('rejected');
    expect(status.reasons).toEqual(expect.arrayContaining([expect.objectContaining({ rule: 'no-critical', vulnerability: 'CVE-2021-44906', package: 'minimist', installedVersion: '1.2.0', fixedVersion: '1.2.6' })]));
    expect(await skopeoFailure(['inspect', '--raw', '--tls-verify=false', '--creds', `cluster:${puller}`, `docker://${airlock.host}/acme/nodeapp:1.0`])).toMatch(/manifest unknown/);
  });

  it('delivers signed CloudEvents for what happened, to the team’s webhook', async () => {
    const deadline = Date.now() + 15_000;
    while (!received.some((event) => event.headers['x-airlock-event-type'] === 'image.rejected') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    const types = received.map((event) => event.headers['x-airlock-event-type']);
    expect(types).toEqual(expect.arrayContaining(['image.received', 'scan.started', 'scan.completed', 'image.approved', 'image.rejected']));
    for (const event of received) {
      expect(verifySignature('a-webhook-secret-of-24-chars', event.body, event.headers['x-airlock-signature'] as string)).toBe(true);
      expect(JSON.parse(event.body)).toMatchObject({ specversion: '1.0', type: event.headers['x-airlock-event-type'] });
    }
    expect(await EventOutbox.countUndispatched(airlock.server.database.db)).toBe(0);
  });

  it('keeps every push and verdict in an audit trail that verifies', async () => {
    const verification = await verifyAuditLog(airlock.server.database.db);
    expect(verification.ok).toBe(true);
    expect(verification.entries).toBeGreaterThanOrEqual(4);
  });

  it('answers status for the approved repository too', async () => {
    const status = await airlock.api<{ state: string }>('GET', `/images/status?ref=${encodeURIComponent('acme/debian:12')}`, undefined, ADMIN);
    expect(status.body.state).toBe('approved');
  });
});
