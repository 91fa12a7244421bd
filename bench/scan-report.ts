/**
 * The scan benchmark's results section of bench/RESULTS.md (between its own
 * markers, so the registry section and the hand-written text stay as they are):
 * scan times and memory, the floor, matching throughput, peers and the goals.
 */
import { machineTableRows, type MachineInfo } from './machine.js';
import type { ImageResult, ScanPlan, ScanResults } from './scan-bench.js';
import type { FloorKind } from './scan-floor.js';
import { MB, median } from './statistics.js';

export const SCAN_MARKERS = { start: '<!-- bench:scan:start (written by bench/run.ts) -->', end: '<!-- bench:scan:end -->' } as const;

const WARM_GOAL_SECONDS = 1;
const FLOOR_GOAL_RATIO = 2;
const RSS_GOAL_BYTES = 500 * MB;

const FLOOR_LABELS: Record<FloorKind, string> = {
  'gzip-tar': '`gzip -dc \\| tar -tf -`',
  'node-default': 'Node gunzip + tar-stream, defaults',
  'node-tuned': 'Node, 1 MiB reads + 256 KiB zlib chunks',
};

export interface ScanReportInput {
  date: Date;
  machine: MachineInfo;
  plan: ScanPlan;
  planName: string;
  command: string;
  results: ScanResults;
}

export function renderScanResults(input: ScanReportInput): string {
  const { results: r, machine: m } = input;
  const all = [...r.images, ...(r.synthetic ? [r.synthetic.result] : [])];
  return [
    '## Scan results',
    '',
    `\`${input.command}\` (${input.planName} plan), ${input.date.toISOString().replace(/\.\d+Z$/, 'Z')}. MB = 10^6 bytes.`,
    '',
    ...machineTableRows(m),
    `| gzip, tar | ${r.tools.gzip}; ${r.tools.tar} |`,
    '',
    `Vulnerability database: ${r.database.advisories} advisories (${r.database.records} records, the withdrawn ones not kept) from the staged OSV folders, imported with \`airlock db update\` in ${r.database.importSeconds.toFixed(1)} s once per run; every cold scan starts from a copy of that data directory.`,
    '',
    `### 1. \`airlock scan --format json\` as a child process (median of ${input.plan.rounds}; synthetic: ${input.plan.syntheticRounds})`,
    '',
    'cold = fresh copy of the data directory (advisories imported, no layer or image analysed yet); warm = the same image again on the last cold run\'s data directory. Peak RSS = highest VmHWM of the scanning process over the runs.',
    '',
    '| image | layers | compressed (MB) | tar entries | file data (MB) | packages | findings | cold (s) | warm (s) | peak RSS cold (MB) | peak RSS warm (MB) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...all.map(
      (i) =>
        `| ${i.label} | ${i.layers} | ${mb(i.compressedBytes)} | ${i.walk.entries.toLocaleString('en')} | ${mb(i.walk.dataBytes)} | ${i.packages} | ${i.findings} | ${i.cold.median.toFixed(2)} | ${i.warm.median.toFixed(2)} | ${mb(i.cold.hwmBytes)} | ${mb(i.warm.hwmBytes)} |`,
    ),
    '',
    ...all.map((i) => `- ${i.label}: cold ${list(i.cold.seconds)} s; warm ${list(i.warm.seconds)} s. Scanner messages: ${i.errors.length === 0 ? 'none' : i.errors.map((e) => `“${e}”`).join('; ')}`),
    `- CLI start-up alone (\`node dist/cli/main.js --version\`): ${r.startup.median.toFixed(2)} s (${list(r.startup.seconds)}).`,
    '',
    `### 2. The floor: decompress and walk the same layer blobs, every byte read (median of ${input.plan.rounds}; synthetic: ${input.plan.syntheticRounds})`,
    '',
    `| image | ${Object.values(FLOOR_LABELS).join(' (s) | ')} (s) | floor = fastest | cold scan ÷ floor | cold scan ÷ gzip\\|tar |`,
    '|---|---:|---:|---:|---|---:|---:|',
    ...all.map((i) => {
      const floor = floorOf(i);
      const kinds = Object.keys(FLOOR_LABELS) as FloorKind[];
      return `| ${i.label} | ${kinds.map((k) => i.floors[k].median.toFixed(2)).join(' | ')} | ${FLOOR_LABELS[floor.kind]} | ${(i.cold.median / floor.seconds).toFixed(2)}× | ${(i.cold.median / i.floors['gzip-tar'].median).toFixed(2)}× |`;
    }),
    '',
    'The Node walks run inside the benchmark process (no process start-up); `gzip | tar` is one shell pipeline per layer; the scan includes process start-up, loading the vulnerability index, matching and writing the report.',
    ...syntheticLines(r),
    '',
    `### ${r.synthetic ? 4 : 3}. Matching throughput: \`matchPackages\` against the whole index, in-process, index loaded first (median of ${input.plan.matching.rounds} after one warm-up)`,
    '',
    `Index: ${r.matching.advisories} advisories, ${r.matching.affectedEntries} affected entries; loading it from SQLite (\`VulnerabilityDatabase.loadIndex\`) took ${ms(r.matching.indexLoadMedian)} ms (median of ${r.matching.indexLoadSeconds.length}: ${r.matching.indexLoadSeconds.map(ms).join(', ')}).`,
    '',
    '| package list | packages | findings | matching (ms) | packages/s |',
    '|---|---:|---:|---:|---:|',
    ...r.matching.workloads.map((w) => `| ${w.label} | ${w.packages} | ${w.findings} | ${ms(w.medianSeconds)} | ${Math.round(w.packagesPerSecond).toLocaleString('en')} |`),
    '',
    `### ${r.synthetic ? 5 : 4}. Peers`,
    '',
    '| scanner | on PATH | `apt-cache policy` candidate | `npm view` |',
    '|---|---|---|---|',
    ...r.peers.map((p) => `| ${p.name} | ${p.onPath ? 'yes' : 'no'} | ${p.aptCandidate ?? 'none'} | ${p.npm} |`),
    '',
    `Package managers' own listings on the unpacked trees the images were built from (median of ${input.plan.rounds}, after one untimed run), next to \`airlock scan\` of the same directory with an empty database (inventory only; includes process start-up). Different work: labelled, not a like-for-like race.`,
    '',
    '| what | peer | peer (s) | packages | Airlock | Airlock (s) | packages |',
    '|---|---|---:|---:|---|---:|---:|',
    ...r.inventoryPeers.map((p) => `| ${p.label} | \`${p.peerCommand}\` | ${median(p.peerSeconds).toFixed(3)} | ${p.peerPackages} | ${p.airlockCommand} | ${median(p.airlockSeconds).toFixed(2)} | ${p.airlockPackages} |`),
    '',
    '### Goals',
    '',
    ...goals(r),
  ].join('\n');
}

function syntheticLines(r: ScanResults): string[] {
  if (!r.synthetic) return [];
  const s = r.synthetic.stats;
  const made = r.synthetic.generatedSeconds === undefined ? 'reused from .cache/bench-images' : `generated in this run in ${r.synthetic.generatedSeconds.toFixed(0)} s`;
  return [
    '',
    '### 3. The synthetic image',
    '',
    `${s.files.toLocaleString('en')} files, ${s.directories.toLocaleString('en')} directories, ${s.symlinks} symlinks in 3 layers (system, app, data); ${mb(s.fileBytes)} MB of file data, ${mb(s.uncompressedBytes)} MB as tar, ${mb(s.compressedBytes)} MB gzipped (level 6); ${made}. Its rows are in tables 1 and 2.`,
  ];
}

function goals(r: ScanResults): string[] {
  const bookworm = r.images[0];
  const rows = ['| goal | measured | met |', '|---|---|---|'];
  if (bookworm) {
    const floor = floorOf(bookworm);
    const ratio = bookworm.cold.median / floor.seconds;
    rows.push(`| bookworm scan < ${WARM_GOAL_SECONDS} s with the vulnerability DB imported, layers not yet analysed (cold) | ${bookworm.cold.median.toFixed(2)} s | ${met(bookworm.cold.median < WARM_GOAL_SECONDS)} |`);
    rows.push(`| bookworm scan < ${WARM_GOAL_SECONDS} s, image already analysed (warm) | ${bookworm.warm.median.toFixed(2)} s | ${met(bookworm.warm.median < WARM_GOAL_SECONDS)} |`);
    rows.push(`| bookworm cold scan within ${FLOOR_GOAL_RATIO}× the floor (${FLOOR_LABELS[floor.kind]}, ${floor.seconds.toFixed(2)} s) | ${ratio.toFixed(2)}× | ${met(ratio <= FLOOR_GOAL_RATIO)} |`);
    const gzipRatio = bookworm.cold.median / bookworm.floors['gzip-tar'].median;
    rows.push(`| bookworm cold scan within ${FLOOR_GOAL_RATIO}× \`gzip -dc \\| tar -tf\` (${bookworm.floors['gzip-tar'].median.toFixed(2)} s) | ${gzipRatio.toFixed(2)}× | ${met(gzipRatio <= FLOOR_GOAL_RATIO)} |`);
  }
  if (r.synthetic) {
    const peak = Math.max(r.synthetic.result.cold.hwmBytes, r.synthetic.result.warm.hwmBytes);
    rows.push(`| peak RSS < ${RSS_GOAL_BYTES / MB} MB scanning the ${mb(r.synthetic.stats.uncompressedBytes)} MB synthetic image | ${mb(peak)} MB | ${met(peak < RSS_GOAL_BYTES)} |`);
  }
  return rows;
}

function floorOf(image: ImageResult): { kind: FloorKind; seconds: number } {
  const kinds = Object.keys(image.floors) as FloorKind[];
  const kind = kinds.reduce((best, k) => (image.floors[k].median < image.floors[best].median ? k : best));
  return { kind, seconds: image.floors[kind].median };
}

function mb(bytes: number): string {
  return (bytes / MB).toFixed(1);
}

function ms(seconds: number): string {
  return (seconds * 1000).toFixed(1);
}

function list(values: readonly number[]): string {
  return values.map((v) => v.toFixed(2)).join(', ');
}

function met(ok: boolean): string {
  return ok ? 'yes' : '**no**';
}
