/**
 * Turns the measurements into the Markdown results section (tables with both
 * servers, their ratio and the goals) and writes it between the markers in
 * bench/RESULTS.md, leaving the hand-written text around it alone.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { BlobPushResult } from './blob-push.js';
import type { LargeBlobResult } from './large-blob-memory.js';
import { machineTableRows, type MachineInfo } from './machine.js';
import type { LoadRun, ManifestLatencyResult } from './manifest-latency.js';
import type { BenchPlan } from './plan.js';
import type { TransferResult } from './skopeo-transfer.js';
import { MB, MiB } from './statistics.js';

export interface ServerResults {
  transfer: TransferResult;
  manifests: ManifestLatencyResult;
  blobPush: BlobPushResult;
  largeBlob: LargeBlobResult;
}

export interface BenchResults {
  date: Date;
  machine: MachineInfo;
  plan: BenchPlan;
  airlock: ServerResults;
  registry: ServerResults;
}

/** Where the registry section goes; the scan section has its own (scan-report.ts). */
export const REGISTRY_MARKERS = { start: '<!-- bench:results:start (written by bench/run.ts) -->', end: '<!-- bench:results:end -->' } as const;
const P99_GOAL_MS = 2;
const RSS_GOAL_BYTES = 300 * MB;

type Better = 'higher' | 'lower';
/** metric, Airlock, docker-registry, which way is better, decimals */
type Row = [string, number, number, Better, number];

export function renderResults(r: BenchResults): string {
  const { airlock: a, registry: d, plan, machine: m } = r;
  const image = (a.transfer.imageBytes / MB).toFixed(1);
  const large = `${(plan.largeBlobBytes / 1024 / MiB).toFixed(plan.largeBlobBytes >= 1024 * MiB ? 0 : 2)} GiB`;
  const blobs = `${plan.blobPush.blobs} concurrent ${(plan.blobPush.blobBytes / MiB).toFixed(0)} MiB`;
  const lines = [
    '## Results',
    '',
    `\`npm run bench\` (${plan.name} plan), ${r.date.toISOString().replace(/\.\d+Z$/, 'Z')}. MB = 10^6 bytes, MiB = 2^20 bytes;`,
    'ratio = Airlock ÷ docker-registry (above 1 is better for Airlock where higher is better, below 1 where lower is better).',
    '',
    ...machineTableRows(m),
    `| docker-registry | ${m.dockerRegistry} |`,
    `| skopeo | ${m.skopeo} |`,
    '',
    `### 1. skopeo push and pull of a ${image} MB image (median of ${plan.transferIterations}, fresh server per run)`,
    '',
    ...table([
      ['push time (s)', a.transfer.pushMedian, d.transfer.pushMedian, 'lower', 2],
      ['push throughput (MB/s)', a.transfer.pushMBps, d.transfer.pushMBps, 'higher', 1],
      ['pull time (s)', a.transfer.pullMedian, d.transfer.pullMedian, 'lower', 2],
      ['pull throughput (MB/s)', a.transfer.pullMBps, d.transfer.pullMBps, 'higher', 1],
    ]),
    '',
    `All runs, push (s): Airlock ${list(a.transfer.pushSeconds)}; docker-registry ${list(d.transfer.pushSeconds)}.`,
    `Pull (s): Airlock ${list(a.transfer.pullSeconds)}; docker-registry ${list(d.transfer.pullSeconds)}.`,
    '',
    `### 2. Manifest GET by tag, ${plan.manifests.connections} concurrent connections (after ${plan.manifests.warmup} warm-up requests)`,
    '',
    ...table([...loadRows(a.manifests.short, d.manifests.short), ...loadRows(a.manifests.long, d.manifests.long)]),
    '',
    'For context only (not a goal): the same GET over one connection, i.e. service time without queueing:',
    '',
    ...table(loadRows(a.manifests.sequential, d.manifests.sequential)),
    '',
    `### 3. ${blobs} blob pushes (POST + PUT each, distinct random content; median of ${plan.blobPush.rounds} rounds)`,
    '',
    ...table([
      ['wall time (s)', a.blobPush.medianSeconds, d.blobPush.medianSeconds, 'lower', 3],
      ['throughput (MB/s)', a.blobPush.mbPerSecond, d.blobPush.mbPerSecond, 'higher', 1],
    ]),
    '',
    `All rounds (s): Airlock ${list(a.blobPush.roundSeconds)}; docker-registry ${list(d.blobPush.roundSeconds)}.`,
    '',
    `### 4. Memory while streaming a ${large} blob in (one chunked PATCH from Node) and back out (timed with curl), ${plan.largeBlobRounds} distinct blob(s); RSS sampled every 100 ms`,
    '',
    ...table([
      ['RSS when idle, before (MB)', a.largeBlob.idleRssBytes / MB, d.largeBlob.idleRssBytes / MB, 'lower', 1],
      ['peak VmRSS during pushes (MB)', a.largeBlob.push.peakRssBytes / MB, d.largeBlob.push.peakRssBytes / MB, 'lower', 1],
      ['peak VmRSS during pulls (MB)', a.largeBlob.pull.peakRssBytes / MB, d.largeBlob.pull.peakRssBytes / MB, 'lower', 1],
      ['VmHWM, whole life of the process (MB)', a.largeBlob.hwmBytes / MB, d.largeBlob.hwmBytes / MB, 'lower', 1],
      ['push time, median (s)', a.largeBlob.push.medianSeconds, d.largeBlob.push.medianSeconds, 'lower', 2],
      ['push throughput (MB/s)', a.largeBlob.push.mbPerSecond, d.largeBlob.push.mbPerSecond, 'higher', 1],
      ['pull time, median (s)', a.largeBlob.pull.medianSeconds, d.largeBlob.pull.medianSeconds, 'lower', 2],
      ['pull throughput (MB/s)', a.largeBlob.pull.mbPerSecond, d.largeBlob.pull.mbPerSecond, 'higher', 1],
    ]),
    '',
    `All rounds, push (s): Airlock ${list(a.largeBlob.push.roundSeconds)}; docker-registry ${list(d.largeBlob.push.roundSeconds)}.`,
    `Pull (s): Airlock ${list(a.largeBlob.pull.roundSeconds)}; docker-registry ${list(d.largeBlob.pull.roundSeconds)}.`,
    '',
    '### Goals',
    '',
    ...goals(r),
  ];
  return lines.join('\n');
}

function loadRows(a: LoadRun, d: LoadRun): Row[] {
  const label = `${a.requests.toLocaleString('en')} req @ ${a.connections} conn`;
  return [
    [`${label}: requests/s`, a.requestsPerSecond, d.requestsPerSecond, 'higher', 0],
    [`${label}: p50 (ms)`, a.p50Ms, d.p50Ms, 'lower', 2],
    [`${label}: p99 (ms)`, a.p99Ms, d.p99Ms, 'lower', 2],
    [`${label}: max (ms)`, a.maxMs, d.maxMs, 'lower', 2],
  ];
}

function table(rows: Row[]): string[] {
  return [
    '| metric | Airlock | docker-registry | ratio | better |',
    '|---|---:|---:|---:|---|',
    ...rows.map(([metric, a, d, better, decimals]) => `| ${metric} | ${a.toFixed(decimals)} | ${d.toFixed(decimals)} | ${(a / d).toFixed(2)}× | ${better} |`),
  ];
}

function goals(r: BenchResults): string[] {
  const { airlock: a, registry: d } = r;
  const throughput: [string, number, number][] = [
    ['skopeo push MB/s', a.transfer.pushMBps, d.transfer.pushMBps],
    ['skopeo pull MB/s', a.transfer.pullMBps, d.transfer.pullMBps],
    [`manifest GET req/s (${a.manifests.short.requests} req)`, a.manifests.short.requestsPerSecond, d.manifests.short.requestsPerSecond],
    [`manifest GET req/s (${a.manifests.long.requests} req)`, a.manifests.long.requestsPerSecond, d.manifests.long.requestsPerSecond],
    ['concurrent blob push MB/s', a.blobPush.mbPerSecond, d.blobPush.mbPerSecond],
    ['large blob push MB/s', a.largeBlob.push.mbPerSecond, d.largeBlob.push.mbPerSecond],
    ['large blob pull MB/s', a.largeBlob.pull.mbPerSecond, d.largeBlob.pull.mbPerSecond],
  ];
  const rss = Math.max(a.largeBlob.hwmBytes, a.largeBlob.push.peakRssBytes, a.largeBlob.pull.peakRssBytes);
  return [
    '| goal | measured (Airlock) | met |',
    '|---|---|---|',
    ...throughput.map(([what, x, y]) => `| throughput ≥ 1.0× docker-registry: ${what} | ${(x / y).toFixed(2)}× | ${met(x / y >= 1)} |`),
    ...[a.manifests.short, a.manifests.long].map(
      (run) => `| manifest GET p99 ≤ ${P99_GOAL_MS} ms (${run.requests} req @ ${run.connections} conn) | ${run.p99Ms.toFixed(2)} ms | ${met(run.p99Ms <= P99_GOAL_MS)} |`,
    ),
    `| RSS < ${RSS_GOAL_BYTES / MB} MB while streaming ${(r.plan.largeBlobBytes / 1024 / MiB).toFixed(2)} GiB (VmHWM) | ${(rss / MB).toFixed(1)} MB | ${met(rss < RSS_GOAL_BYTES)} |`,
  ];
}

function met(ok: boolean): string {
  return ok ? 'yes' : '**no**';
}

function list(values: number[]): string {
  return values.map((v) => v.toFixed(2)).join(', ');
}

/** Replaces the section between `markers` in `file` (or appends one) with `section`. */
export async function writeResults(file: string, section: string, markers: { start: string; end: string } = REGISTRY_MARKERS): Promise<void> {
  const current = await readFile(file, 'utf8').catch(() => '# Benchmark: Airlock vs docker-registry\n');
  const block = `${markers.start}\n${section}\n${markers.end}`;
  const start = current.indexOf(markers.start);
  const end = current.indexOf(markers.end);
  const next = start >= 0 && end > start ? current.slice(0, start) + block + current.slice(end + markers.end.length) : `${current.trimEnd()}\n\n${block}\n`;
  await writeFile(file, next);
}
