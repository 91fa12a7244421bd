/**
 * `kill -9` of a real `airlock serve` process while the gate is scanning a
 * pushed image: after a restart on the same data directory the job is taken
 * again once its lease has run out, the image ends approved (not stuck in
 * `scanning`), and it has exactly one verdict — one decision in its history,
 * one audit entry, one event — and is served from the approved repository.
 *
 * Both processes run with a 2 s job lease (the default is 2 min): the lease the
 * killed process took is what the restarted one must wait out. `pyapp` is the
 * largest test image (bookworm + python, ~130 packages); on a fresh server its
 * layer is not in the layer cache, so the scan reads and gunzips the whole
 * layer and `scanning` lasts about 3 s on a developer machine — the test polls
 * the database file every few milliseconds and kills as soon as it sees it, and
 * checks afterwards that the kill really landed mid-scan.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { waitFor } from '../../src/events/webhook-receiver-harness.js';
import { ADMIN, basicAuth } from '../helpers/airlock.js';
import { spawnAirlock, type AirlockProcess } from '../helpers/airlock-process.js';
import { skopeo } from '../helpers/skopeo.js';
import { layoutManifest } from '../skopeo/oci-layout.js';

const layout = path.join(inject('testImagesDir'), 'oci');
const REPOSITORY = 'quarantine/acme/pyapp';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function api<T>(server: AirlockProcess, method: string, apiPath: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${server.url}/api/v1${apiPath}`, {
    method,
    headers: { authorization: basicAuth(ADMIN), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

async function start(dataDir: string, configFile: string): Promise<AirlockProcess> {
  const server = await spawnAirlock(dataDir, { env: { AIRLOCK_CONFIG: configFile } });
  cleanup.push(() => server.stop('SIGKILL'));
  return server;
}

interface Snapshot {
  state: string | undefined;
  jobs: Array<{ state: string; attempts: number }>;
}

/** What the data directory says about the image and its analyse job, read as a second process would. */
function snapshot(databaseFile: string, digest: string): Snapshot {
  const db = new Database(databaseFile, { readonly: true, fileMustExist: true });
  try {
    const image = db.prepare('select id, state from gate_images where repository = ? and digest = ?').get(REPOSITORY, digest) as { id: string; state: string } | undefined;
    const jobs = image ? (db.prepare("select state, attempts from jobs where kind = 'analyse' and payload like ?").all(`%${image.id}%`) as Snapshot['jobs']) : [];
    return { state: image?.state, jobs };
  } finally {
    db.close();
  }
}

describe('kill -9 during a scan', () => {
  it('finishes the job after a restart, with exactly one verdict', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'airlock-kill-scan-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const configFile = path.join(dataDir, 'airlock.yaml');
    await writeFile(configFile, 'gate:\n  workers: 1\n  jobLease: 2s\n  pollInterval: 50ms\n');
    const databaseFile = path.join(dataDir, 'airlock.db');
    const { digest } = await layoutManifest(layout, 'pyapp');

    const first = await start(dataDir, configFile);
    expect((await api(first, 'POST', '/teams', { name: 'acme' })).status).toBe(201);
    const ci = (await api<{ token: string }>(first, 'POST', '/tokens', { team: 'acme', role: 'ci' })).body.token;
    const puller = (await api<{ token: string }>(first, 'POST', '/tokens', { team: 'acme', role: 'puller' })).body.token;
    await skopeo(['copy', '--dest-tls-verify=false', '--dest-creds', `ci:${ci}`, `oci:${layout}:pyapp`, `docker://${first.host}/${REPOSITORY}:1.0`]);
    await waitFor('the scan to start', () => snapshot(databaseFile, digest).state === 'scanning', 10_000);
    await first.stop('SIGKILL');

    // The kill landed mid-scan: the image is still `scanning` and its job still leased to the dead process.
    const killed = snapshot(databaseFile, digest);
    expect(killed).toEqual({ state: 'scanning', jobs: [{ state: 'running', attempts: 1 }] });

    const restarted = await start(dataDir, configFile);
    const restartedAt = Date.now();
    const decided = await waitFor('a verdict after the restart', async () => {
      const status = await api<{ state: string; reasons: unknown[] }>(restarted, 'GET', `/images/status?ref=${encodeURIComponent(`${REPOSITORY}@${digest}`)}`);
      return status.body.state !== 'scanning' && status.body.state !== 'received' ? status.body : undefined;
    }, 60_000);
    expect(decided).toMatchObject({ state: 'approved', reasons: [] });
    expect(Date.now() - restartedAt).toBeLessThan(30_000);
    expect(snapshot(databaseFile, digest).jobs).toEqual([{ state: 'done', attempts: 2 }]);

    // Exactly one verdict: one decision in the history, one audit entry, one event.
    const list = await api<{ images: Array<{ id: string }> }>(restarted, 'GET', `/images?repository=${encodeURIComponent(REPOSITORY)}`);
    expect(list.body.images).toHaveLength(1);
    const detail = await api<{ history: Array<{ from: string | null; to: string }> }>(restarted, 'GET', `/images/${list.body.images[0]?.id}`);
    expect(detail.body.history.map((step) => step.to)).toEqual(['received', 'scanning', 'approved']);
    const audit = await api<{ entries: Array<{ action: string }> }>(restarted, 'GET', `/audit?target=${encodeURIComponent(`${REPOSITORY}@${digest}`)}&order=oldest`);
    expect(audit.body.entries.map((entry) => entry.action)).toEqual(['image.pushed', 'image.approved']);
    const events = await api<{ events: Array<{ type: string; subject: string }> }>(restarted, 'GET', '/events?type=image.approved,image.rejected,scan.completed');
    expect(events.body.events.filter((event) => event.subject === `${REPOSITORY}@${digest}`).map((event) => event.type).sort()).toEqual(['image.approved', 'scan.completed']);
    const verify = await api<{ ok: boolean }>(restarted, 'GET', '/audit/verify');
    expect(verify.body.ok).toBe(true);

    // Promotion happened too: the cluster can pull it by tag, same digest.
    const pulled = await skopeo(['inspect', '--tls-verify=false', '--creds', `cluster:${puller}`, `docker://${restarted.host}/acme/pyapp:1.0`]);
    expect(JSON.parse(pulled.stdout)).toMatchObject({ Digest: digest });
  });
});
