/**
 * Push → verdict: how long after `skopeo copy` exits a CI pipeline learns the
 * gate's verdict on the bookworm test image. Airlock runs as its own process
 * (`node dist/cli/main.js serve`, gate worker 1, poll interval 10 ms) on a data
 * directory in which every staged OSV folder was imported; the verdict is
 * observed the way a pipeline would: a webhook receiver in this process,
 * subscribed to image.approved / image.rejected, notes when the event arrives.
 * The image's own record gives the time the verdict was written (`decidedAt`)
 * and how long the analyse job ran (its history: scanning → decided).
 *
 * Each round gets a fresh server and, in order:
 *   1. the bullseye image (untimed for the goal: the server's first image pays
 *      the vulnerability index load; reported as context);
 *   2. bookworm to quarantine/bench/debian-cold — cold: its layer never analysed;
 *   3. bookworm again into `warmPushes` other repositories — warm: the same
 *      digest, so the layer analysis (and inventory) is reused, but each is a
 *      new image record judged on its own.
 * The same pushes go to a fresh docker-registry per round, for the time the
 * push itself takes without a gate.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cp } from 'node:fs/promises';
import { startAirlock, startDockerRegistry, type BenchServer } from './servers.js';
import { TEST_LAYOUT } from './scan-images.js';
import { prepareDatabase, removeDataDirs, type PreparedDatabase } from './scan-vulndb.js';
import { settle } from './settle.js';
import { creds, skopeoCopy } from './skopeo-transfer.js';
import { median, percentile, timed } from './statistics.js';

export interface PushVerdictPlan {
  rounds: number;
  warmPushes: number;
}

export interface PushSample {
  /** skopeo copy, spawn to exit. */
  pushSeconds: number;
  /** skopeo exit → the verdict's webhook event received. */
  verdictMs: number;
  /** skopeo exit → the verdict written (the image's decidedAt; millisecond clock). */
  decidedMs: number;
  /** The analyse job: the image's scanning → decided transition. */
  analyseMs: number;
  state: string;
}

export interface PushSeries {
  samples: PushSample[];
  pushMedian: number;
  verdictMedianMs: number;
  verdictP95Ms: number;
  decidedMedianMs: number;
  analyseMedianMs: number;
  /** skopeo start → verdict event, median. */
  totalMedianSeconds: number;
}

export interface PushVerdictResult {
  plan: PushVerdictPlan;
  advisories: number;
  first: PushSeries;
  cold: PushSeries;
  warm: PushSeries;
  registry: { cold: number[]; warm: number[]; coldMedian: number; warmMedian: number };
}

const WEBHOOK_SECRET = 'bench-webhook-secret-0123456789';
const CONFIG = ['gate:', '  workers: 1', '  pollInterval: 10ms', ''].join('\n');

export async function measurePushVerdict(plan: PushVerdictPlan, progress: (message: string) => void): Promise<PushVerdictResult> {
  const receiver = await VerdictReceiver.start();
  try {
    progress('gate: importing the staged OSV advisories for the server');
    const database = await prepareDatabase();
    const first: PushSample[] = [];
    const cold: PushSample[] = [];
    const warm: PushSample[] = [];
    const registry = { cold: [] as number[], warm: [] as number[] };
    for (let round = 1; round <= plan.rounds; round++) {
      progress(`gate: push → verdict, round ${round} of ${plan.rounds}`);
      await airlockRound(database, receiver, round, plan.warmPushes, { first, cold, warm });
      await registryRound(plan.warmPushes, registry);
    }
    return {
      plan,
      advisories: database.advisories,
      first: series(first),
      cold: series(cold),
      warm: series(warm),
      registry: { ...registry, coldMedian: median(registry.cold), warmMedian: median(registry.warm) },
    };
  } finally {
    await receiver.close();
    await removeDataDirs();
  }
}

async function airlockRound(database: PreparedDatabase, receiver: VerdictReceiver, round: number, warmPushes: number, into: Record<'first' | 'cold' | 'warm', PushSample[]>): Promise<void> {
  const server = await startAirlock({ prepare: (dir) => cp(database.template, dir, { recursive: true }), config: CONFIG });
  try {
    await subscribe(server, receiver.url);
    // Repository names carry the round: a late duplicate delivery (webhooks are at-least-once) must not count for the next round.
    into.first.push(await pushAndWait(server, receiver, 'bullseye', `bullseye-r${round}`));
    into.cold.push(await pushAndWait(server, receiver, 'debian', `debian-cold-r${round}`));
    for (let n = 1; n <= warmPushes; n++) into.warm.push(await pushAndWait(server, receiver, 'debian', `debian-warm-r${round}-${n}`));
  } finally {
    await server.stop();
  }
}

async function registryRound(warmPushes: number, into: { cold: number[]; warm: number[] }): Promise<void> {
  const server = await startDockerRegistry();
  try {
    await push(server, 'bullseye', 'bullseye');
    into.cold.push(await push(server, 'debian', 'debian-cold'));
    for (let n = 1; n <= warmPushes; n++) into.warm.push(await push(server, 'debian', `debian-warm-${n}`));
  } finally {
    await server.stop();
  }
}

async function push(server: BenchServer, tag: string, app: string): Promise<number> {
  await settle();
  const { seconds } = await timed(() => skopeoCopy(['--dest-tls-verify=false', ...creds(server, 'dest')], `oci:${TEST_LAYOUT}:${tag}`, `docker://${server.host}/${server.repository(app)}:1`));
  return seconds;
}

async function pushAndWait(server: BenchServer, receiver: VerdictReceiver, tag: string, app: string): Promise<PushSample> {
  const repository = server.repository(app);
  const verdict = receiver.expect(repository);
  await settle();
  const started = performance.now();
  await skopeoCopy(['--dest-tls-verify=false', ...creds(server, 'dest')], `oci:${TEST_LAYOUT}:${tag}`, `docker://${server.host}/${repository}:1`);
  const exited = performance.now();
  const exitedAt = Date.now();
  const arrived = await verdict;
  const record = await imageRecord(server, repository);
  const scanning = record.history.find((entry) => entry.to === 'scanning');
  const decided = record.history.find((entry) => entry.from === 'scanning');
  if (!scanning || !decided || !record.decidedAt) throw new Error(`${repository}: no verdict in its history: ${JSON.stringify(record)}`);
  return {
    pushSeconds: (exited - started) / 1000,
    verdictMs: arrived - exited,
    decidedMs: Date.parse(record.decidedAt) - exitedAt,
    analyseMs: decided.at - scanning.at,
    state: record.state,
  };
}

interface ImageRecord {
  state: string;
  decidedAt?: string;
  history: Array<{ at: number; from: string | null; to: string }>;
}

async function imageRecord(server: BenchServer, repository: string): Promise<ImageRecord> {
  const list = await api<{ images: Array<{ id: string }> }>(server, 'GET', `/images?repository=${encodeURIComponent(repository)}`);
  const id = list.images[0]?.id;
  if (!id) throw new Error(`the gate lists no image in ${repository}`);
  return api<ImageRecord>(server, 'GET', `/images/${id}`);
}

async function subscribe(server: BenchServer, url: string): Promise<void> {
  await api(server, 'POST', '/webhooks', { url, secret: WEBHOOK_SECRET, types: ['image.approved', 'image.rejected'] });
}

async function api<T>(server: BenchServer, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: { ...server.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

function series(samples: PushSample[]): PushSeries {
  const verdicts = samples.map((sample) => sample.verdictMs);
  return {
    samples,
    pushMedian: median(samples.map((sample) => sample.pushSeconds)),
    verdictMedianMs: median(verdicts),
    verdictP95Ms: percentile(verdicts, 95),
    decidedMedianMs: median(samples.map((sample) => sample.decidedMs)),
    analyseMedianMs: median(samples.map((sample) => sample.analyseMs)),
    totalMedianSeconds: median(samples.map((sample) => sample.pushSeconds + sample.verdictMs / 1000)),
  };
}

/** Receives the gate's webhooks; `expect(repository)` resolves with the arrival time (performance.now()) of that repository's verdict event. */
class VerdictReceiver {
  private readonly arrived = new Map<string, number>();
  private readonly waiting = new Map<string, (at: number) => void>();

  private constructor(private readonly server: Server) {}

  static async start(): Promise<VerdictReceiver> {
    const server = createServer();
    const receiver = new VerdictReceiver(server);
    server.on('request', (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const at = performance.now();
        response.end('ok');
        const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { type?: string; data?: { repository?: string } };
        const repository = event.data?.repository;
        if (repository && (event.type === 'image.approved' || event.type === 'image.rejected')) receiver.deliver(repository, at);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/airlock`;
  }

  expect(repository: string, timeoutMs = 120_000): Promise<number> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no verdict event for ${repository} within ${timeoutMs / 1000} s`)), timeoutMs);
      const done = (at: number) => {
        clearTimeout(timer);
        this.waiting.delete(repository);
        resolve(at);
      };
      const already = this.arrived.get(repository);
      if (already !== undefined) done(already);
      else this.waiting.set(repository, done);
    });
  }

  private deliver(repository: string, at: number): void {
    if (this.arrived.has(repository)) return;
    this.arrived.set(repository, at);
    this.waiting.get(repository)?.(at);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
