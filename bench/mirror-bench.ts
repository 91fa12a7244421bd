/**
 * The mirror benchmark (issue 6), run by `bench/run.ts` (alone with `--only
 * mirror`): Airlock's mirror sync of the five real test images from a local
 * upstream, against `skopeo copy` of the same images in the same run.
 *
 * One docker-registry is the upstream for every round, seeded untimed by
 * skopeo with bench/<tag>:1.0 from .cache/test-images/oci. Each round, in an
 * order that alternates between rounds, each contender gets a freshly started
 * server with an empty data directory:
 *   - skopeo → docker-registry: `skopeo copy docker://upstream/… docker://registry/…`, the five in sequence;
 *   - skopeo → Airlock: the same copies into quarantine/bench/<tag> of an Airlock with no gate worker;
 *   - Airlock sync: `PUT /api/v1/mirror/catalog` naming the five (one gate worker, 100 ms poll), then
 *     `GET /api/v1/mirror/status` every 50 ms: PUT → every tag synced is the sync time, synced → every
 *     tag judged the scan time. The sync includes the tag listing of each entry.
 * One untimed warm-up round comes first. A tag that fails to sync aborts the benchmark with its error,
 * and a round that takes longer than ten minutes aborts it too.
 */
import os from 'node:os';
import { readFile } from 'node:fs/promises';
import { TEST_LAYOUT, blobFile } from './scan-images.js';
import { startAirlock, startDockerRegistry, type BenchServer } from './servers.js';
import { settle } from './settle.js';
import { creds, skopeoCopy } from './skopeo-transfer.js';
import { median, timed } from './statistics.js';

export interface MirrorPlan {
  /** Timed rounds, after one untimed warm-up round. */
  rounds: number;
}

export const MIRROR_TAGS = ['debian', 'pyapp', 'nodeapp', 'goapp', 'bullseye'] as const;
export type MirrorTag = (typeof MIRROR_TAGS)[number];
export const CONTENDERS = ['skopeo-registry', 'skopeo-airlock', 'airlock-sync'] as const;
export type Contender = (typeof CONTENDERS)[number];

const VERSION = '1.0';
const ROUND_TIMEOUT_MS = 10 * 60_000;
const POLL_MS = 50;
const JUDGED = new Set(['approved', 'rejected', 'error']);
const PEER_CONFIG = ['gate:', '  workers: 0', ''].join('\n');
const SYNC_CONFIG = ['gate:', '  workers: 1', '  pollInterval: 100ms', ''].join('\n');

export interface MirrorImage {
  tag: MirrorTag;
  /** The image manifest's digest, which every copy must keep. */
  digest: string;
  /** Manifest + config + layers. */
  bytes: number;
}

export interface SyncRun {
  /** PUT of the catalog → every tag `synced`. */
  syncSeconds: number;
  /** Every tag synced → every tag judged (approved, rejected or error). */
  scanSeconds: number;
  /** Bytes the mirror says it fetched (blobs it already had are linked, not fetched). */
  fetchedBytes: number;
  /** The verdict of each tag. */
  states: Record<string, string>;
  /** Whether every mirrored copy kept the upstream manifest's digest. */
  digestsKept: boolean;
}

export interface MirrorRound {
  round: number;
  order: Contender[];
  registrySeconds: number;
  airlockPushSeconds: number;
  sync: SyncRun;
}

export interface MirrorResults {
  plan: MirrorPlan;
  images: MirrorImage[];
  /** Every image's bytes added up. */
  imageBytes: number;
  /** Distinct blobs and manifests: what crosses the wire when a shared base layer is copied once. */
  uniqueBytes: number;
  seedSeconds: number;
  rounds: MirrorRound[];
  medians: { registry: number; airlockPush: number; sync: number; scan: number; syncAndScan: number };
  /** 1-minute load average at the start and the end. */
  load: [number, number];
}

export async function measureMirror(plan: MirrorPlan, progress: (message: string) => void): Promise<MirrorResults> {
  const loadBefore = os.loadavg()[0] ?? 0;
  const { images, uniqueBytes } = await readImages();
  const upstream = await startDockerRegistry();
  try {
    progress(`mirror: seeding the upstream ${upstream.host} with ${MIRROR_TAGS.join(', ')}`);
    const seed = await timed(async () => {
      for (const tag of MIRROR_TAGS) {
        await skopeoCopy(['--dest-tls-verify=false', '--dest-no-creds'], `oci:${TEST_LAYOUT}:${tag}`, `docker://${upstream.host}/${upstream.repository(tag)}:${VERSION}`);
      }
    });
    const rounds: MirrorRound[] = [];
    for (let round = 0; round <= plan.rounds; round++) {
      const order: Contender[] = round % 2 === 0 ? [...CONTENDERS] : [...CONTENDERS].reverse();
      progress(`mirror: round ${round === 0 ? 'warm-up (untimed)' : `${round}/${plan.rounds}`}: ${order.join(', ')}`);
      const result = await runRound(upstream, images, order, progress);
      if (round > 0) rounds.push({ round, order, ...result });
    }
    const syncs = rounds.map((r) => r.sync);
    return {
      plan,
      images,
      imageBytes: images.reduce((sum, image) => sum + image.bytes, 0),
      uniqueBytes,
      seedSeconds: seed.seconds,
      rounds,
      medians: {
        registry: median(rounds.map((r) => r.registrySeconds)),
        airlockPush: median(rounds.map((r) => r.airlockPushSeconds)),
        sync: median(syncs.map((s) => s.syncSeconds)),
        scan: median(syncs.map((s) => s.scanSeconds)),
        syncAndScan: median(syncs.map((s) => s.syncSeconds + s.scanSeconds)),
      },
      load: [loadBefore, os.loadavg()[0] ?? 0],
    };
  } finally {
    await upstream.stop();
  }
}

async function runRound(upstream: BenchServer, images: readonly MirrorImage[], order: readonly Contender[], progress: (message: string) => void): Promise<Omit<MirrorRound, 'round' | 'order'>> {
  const deadline = Date.now() + ROUND_TIMEOUT_MS;
  const seconds: Partial<Record<Contender, number>> = {};
  let sync: SyncRun | undefined;
  for (const contender of order) {
    if (contender === 'airlock-sync') {
      sync = await mirrorSync(upstream, images, deadline);
      progress(`  airlock sync ${sync.syncSeconds.toFixed(2)} s, then scan ${sync.scanSeconds.toFixed(2)} s (${[...new Set(Object.values(sync.states))].join(', ')})`);
    } else {
      seconds[contender] = await skopeoPeer(upstream, contender, deadline);
      progress(`  ${contender} ${(seconds[contender] ?? 0).toFixed(2)} s`);
    }
  }
  if (!sync || seconds['skopeo-registry'] === undefined || seconds['skopeo-airlock'] === undefined) throw new Error('a contender did not run');
  return { registrySeconds: seconds['skopeo-registry'], airlockPushSeconds: seconds['skopeo-airlock'], sync };
}

/** The five `skopeo copy` from the upstream into a fresh docker-registry or Airlock; total seconds. */
async function skopeoPeer(upstream: BenchServer, contender: Exclude<Contender, 'airlock-sync'>, deadline: number): Promise<number> {
  const server = contender === 'skopeo-registry' ? await startDockerRegistry() : await startAirlock({ config: PEER_CONFIG });
  try {
    await settle();
    const run = await timed(async () => {
      for (const tag of MIRROR_TAGS) {
        checkDeadline(deadline, `skopeo copy into ${server.kind}`);
        await skopeoCopy(
          ['--src-tls-verify=false', ...creds(upstream, 'src'), '--dest-tls-verify=false', ...creds(server, 'dest')],
          `docker://${upstream.host}/${upstream.repository(tag)}:${VERSION}`,
          `docker://${server.host}/${server.repository(tag)}:${VERSION}`,
        );
      }
    });
    return run.seconds;
  } finally {
    await server.stop();
  }
}

interface StatusTag {
  tag: string;
  sync: string;
  state?: string;
  digest?: string;
  bytes?: number;
  error?: string;
}

interface MirrorStatus {
  entries: Array<{ source: string; error?: string; tags: StatusTag[] }>;
}

/** A fresh Airlock syncs the five from the upstream: PUT the catalog, then watch the status until every tag is judged; throws when a tag fails. */
export async function mirrorSync(upstream: BenchServer, images: readonly MirrorImage[], deadline: number): Promise<SyncRun> {
  const airlock = await startAirlock({ config: SYNC_CONFIG });
  try {
    const sources = MIRROR_TAGS.map((tag) => `${upstream.host}/${upstream.repository(tag)}`);
    await settle();
    const start = performance.now();
    const applied = await fetch(`${airlock.url}/api/v1/mirror/catalog`, {
      method: 'PUT',
      headers: { ...airlock.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ text: catalogYaml(upstream.host, sources) }),
    });
    if (!applied.ok) throw new Error(`PUT /api/v1/mirror/catalog failed: ${applied.status} ${await applied.text()}`);
    let syncedAt: number | undefined;
    for (;;) {
      const tags = await statusOf(airlock, sources);
      const now = performance.now();
      const failed = tags.find(({ status }) => status?.sync === 'failed');
      if (failed) throw new Error(`mirror sync of ${failed.source}:${VERSION} failed: ${failed.status?.error ?? 'no error given'}`);
      // An entry whose tag listing failed has no tag row: its error is the failure.
      const unlisted = tags.find(({ status, entryError }) => !status && entryError);
      if (unlisted) throw new Error(`mirror sync of ${unlisted.source} failed: ${unlisted.entryError ?? ''}`);
      if (syncedAt === undefined && tags.every(({ status }) => status?.sync === 'synced')) syncedAt = now;
      if (syncedAt !== undefined && tags.every(({ status }) => JUDGED.has(status?.state ?? ''))) {
        const digests = new Map(images.map((image) => [image.tag, image.digest]));
        return {
          syncSeconds: (syncedAt - start) / 1000,
          scanSeconds: (now - syncedAt) / 1000,
          fetchedBytes: tags.reduce((sum, { status }) => sum + (status?.bytes ?? 0), 0),
          states: Object.fromEntries(tags.map(({ tag, status }) => [tag, status?.state ?? 'unknown'])),
          digestsKept: tags.every(({ tag, status }) => status?.digest === digests.get(tag)),
        };
      }
      checkDeadline(deadline, `mirror sync (${tags.map(({ tag, status }) => `${tag} ${status?.sync ?? 'not listed'}${status?.state ? `/${status.state}` : ''}`).join(', ')})`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } finally {
    await airlock.stop();
  }
}

function catalogYaml(host: string, sources: readonly string[]): string {
  return [
    'upstreams:',
    `  - host: ${host}`,
    '    insecure: true',
    'images:',
    ...sources.flatMap((source) => [`  - source: ${source}`, `    tags: ["${VERSION}"]`]),
    '',
  ].join('\n');
}

async function statusOf(airlock: BenchServer, sources: readonly string[]): Promise<Array<{ tag: MirrorTag; source: string; status: StatusTag | undefined; entryError: string | undefined }>> {
  const response = await fetch(`${airlock.url}/api/v1/mirror/status`, { headers: airlock.headers });
  if (!response.ok) throw new Error(`GET /api/v1/mirror/status failed: ${response.status} ${await response.text()}`);
  const status = (await response.json()) as MirrorStatus;
  return MIRROR_TAGS.map((tag, i) => {
    const source = sources[i] as string;
    const entry = status.entries.find((candidate) => candidate.source === source);
    return { tag, source, status: entry?.tags.find((candidate) => candidate.tag === VERSION), entryError: entry?.error };
  });
}

function checkDeadline(deadline: number, what: string): void {
  if (Date.now() > deadline) throw new Error(`mirror benchmark: the round took more than ${ROUND_TIMEOUT_MS / 60_000} min; stopped waiting for ${what}`);
}

interface Descriptor {
  digest: string;
  size: number;
  annotations?: Record<string, string>;
}

/** Each image's digest and size from the OCI layout, and the distinct bytes of all five. */
async function readImages(): Promise<{ images: MirrorImage[]; uniqueBytes: number }> {
  const index = JSON.parse(await readFile(`${TEST_LAYOUT}/index.json`, 'utf8')) as { manifests: Descriptor[] };
  const unique = new Map<string, number>();
  const images: MirrorImage[] = [];
  for (const tag of MIRROR_TAGS) {
    const entry = index.manifests.find((m) => m.annotations?.['org.opencontainers.image.ref.name'] === tag);
    if (!entry) throw new Error(`${TEST_LAYOUT} has no image tagged ${tag}`);
    const manifest = JSON.parse(await readFile(blobFile(TEST_LAYOUT, entry.digest), 'utf8')) as { config: Descriptor; layers: Descriptor[] };
    const parts = [entry, manifest.config, ...manifest.layers];
    for (const part of parts) unique.set(part.digest, part.size);
    images.push({ tag, digest: entry.digest, bytes: parts.reduce((sum, part) => sum + part.size, 0) });
  }
  return { images, uniqueBytes: [...unique.values()].reduce((sum, size) => sum + size, 0) };
}
