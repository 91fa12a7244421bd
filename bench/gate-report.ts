/**
 * The gate benchmark's results section of bench/RESULTS.md (between its own
 * markers): push → verdict, re-decision after a database update, single new
 * advisories, the comparisons and the goals.
 */
import type { GatePlan, GateResults } from './gate-bench.js';
import type { PushSeries } from './gate-push-verdict.js';
import type { Configuration, RedecisionResult, SweepRun } from './gate-redecision.js';
import { machineTableRows, type MachineInfo } from './machine.js';
import { MB, median } from './statistics.js';

export const GATE_MARKERS = { start: '<!-- bench:gate:start (written by bench/run.ts) -->', end: '<!-- bench:gate:end -->' } as const;

const PUSH_GOAL_MS = 2000;
const REDECISION_GOAL_SECONDS = 5;
const SINGLE_GOAL_MS = 200;
/** Harbor's "scan all" rate as quoted in issue 4: 50,000 images in over 6 h (goharbor/harbor#16630). */
const HARBOR_IMAGES_PER_SECOND = 2.3;

const CONFIGURATIONS: Record<Configuration, string> = {
  verdicts: 'verdicts only (no report port)',
  reports: 'as `airlock serve` runs it (reports rewritten)',
};

export interface GateReportInput {
  date: Date;
  machine: MachineInfo;
  plan: GatePlan;
  planName: string;
  command: string;
  results: GateResults;
}

export function renderGateResults(input: GateReportInput): string {
  const { results: r, machine: m } = input;
  const p = r.pushVerdict;
  const load = (pair: [number, number]) => `${pair[0].toFixed(1)} → ${pair[1].toFixed(1)}`;
  return [
    '## Gate results',
    '',
    `\`${input.command}\` (${input.planName} plan), ${input.date.toISOString().replace(/\.\d+Z$/, 'Z')}.`,
    '',
    ...machineTableRows(m),
    `| docker-registry | ${m.dockerRegistry} |`,
    `| skopeo | ${m.skopeo} |`,
    `| 1-minute load average (start → end of each part) | push → verdict ${load(r.load.pushVerdict)}; re-decision ${load(r.load.redecision)} |`,
    '',
    `Vulnerability database: the ${p.advisories} advisories of the staged OSV folders, imported with \`airlock db update\`.`,
    '',
    `### 1. Push → verdict, bookworm (\`oci:.cache/test-images/oci:debian\`, 95 MB), ${p.plan.rounds} fresh server(s), ${p.plan.warmPushes} warm push(es) each`,
    '',
    'verdict = skopeo exits → the image.approved / image.rejected webhook arrives at a receiver in the benchmark process; recorded = skopeo exits → the verdict is written (the image\'s `decidedAt`, millisecond clock; negative when the gate finished first); analyse job = the image\'s scanning → decided transition.',
    '',
    '| push | state | skopeo push to Airlock (s) | skopeo push to docker-registry (s) | verdict, median (ms) | verdict, p95 (ms) | recorded, median (ms) | analyse job, median (ms) | skopeo start → verdict (s) |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|',
    pushRow('first image after start (bullseye: pays the index load)', p.first, undefined),
    pushRow('cold: bookworm, layer never analysed', p.cold, p.registry.coldMedian),
    pushRow('warm: bookworm again, another repository (new image record, layer analysis reused)', p.warm, p.registry.warmMedian),
    '',
    `All samples, verdict (ms): first ${list(p.first.samples.map((s) => s.verdictMs), 0)}; cold ${list(p.cold.samples.map((s) => s.verdictMs), 0)}; warm ${list(p.warm.samples.map((s) => s.verdictMs), 0)}.`,
    `Push (s): Airlock cold ${list(p.cold.samples.map((s) => s.pushSeconds))}, warm ${list(p.warm.samples.map((s) => s.pushSeconds))}; docker-registry cold ${list(p.registry.cold)}, warm ${list(p.registry.warm)}.`,
    '',
    ...redecisionSection(r.redecision, p.cold.analyseMedianMs),
    '',
    '### Goals',
    '',
    ...goals(r),
  ].join('\n');
}

function pushRow(label: string, s: PushSeries, registry: number | undefined): string {
  const states = [...new Set(s.samples.map((sample) => sample.state))].join(', ');
  return `| ${label} | ${states} | ${s.pushMedian.toFixed(2)} | ${registry === undefined ? '—' : registry.toFixed(2)} | ${s.verdictMedianMs.toFixed(0)} | ${s.verdictP95Ms.toFixed(0)} | ${s.decidedMedianMs.toFixed(0)} | ${s.analyseMedianMs.toFixed(0)} | ${s.totalMedianSeconds.toFixed(2)} |`;
}

function redecisionSection(r: RedecisionResult, rescanMs: number): string[] {
  const plan = r.plan;
  const images = plan.images.toLocaleString('en');
  const lines = [
    `### 2. Re-decision after a ${r.update.targets}-package database update, ${images} images of ${plan.packagesPerImage} packages`,
    '',
    `The fleet: ${images} images (${r.seeding.approved.toLocaleString('en')} approved, ${r.seeding.rejected.toLocaleString('en')} rejected by the default policy) stored as the analyse job stores them in ${r.seeding.seconds.toFixed(0)} s (${r.seeding.perImageMs.toFixed(1)} ms per image, a hundred per commit); airlock.db ${(r.seeding.databaseBytes / MB).toFixed(0)} MB. Per image, on average: ${r.seeding.findings.toFixed(0)} findings, a stored evaluation of ${(r.seeding.evaluationBytes / 1000).toFixed(0)} KB (JSON: every finding and the policy's evaluation, rewritten by every verdict) and an inventory of ${(r.seeding.inventoryBytes / 1000).toFixed(1)} KB (gzip JSON). The update: ${r.update.targets} new advisories, one package each — ${r.update.debianTargets} Debian source packages of the shared base (so every image is affected) and ${r.update.targets - r.update.debianTargets} language packages drawn by how many images hold them; ${r.update.affectingInstalled} affect the installed versions. Time = \`gate.tick()\` → the sweep job completed (the import itself is not counted: ${ms(median(r.update.series.flatMap((s) => s.runs.map((run) => run.importSeconds))))} ms).`,
    '',
    '| configuration | runs | images re-decided | state changes | events written | audit entries | sweep, median (s) | images/s |',
    '|---|---:|---:|---:|---|---:|---:|---:|',
    ...r.update.series.map((s) => {
      const run = s.runs[0] as SweepRun;
      return `| ${CONFIGURATIONS[s.configuration]} | ${s.runs.length} | ${run.redecided.toLocaleString('en')} | ${run.changedState.toLocaleString('en')} | ${events(run)} | ${run.auditEntries.toLocaleString('en')} | ${s.medianSeconds.toFixed(2)} | ${Math.round(s.imagesPerSecond).toLocaleString('en')} |`;
    }),
    '',
    `All runs (s): ${r.update.series.map((s) => `${s.configuration} ${list(s.runs.map((run) => run.sweepSeconds))}`).join('; ')}. With the report port, the re-decided images' reports are written by report jobs after the sweep (queued in its transactions); tick → the last of them done: ${list(r.update.series.flatMap((s) => s.runs.filter((run) => run.reportsSeconds > 0).map((run) => run.reportsSeconds)))} s.`,
    '',
    `Compared with re-scanning (no re-scanning peer is installable here; Harbor's rate is the one quoted in issue 4, goharbor/harbor#16630), for the ${(r.update.series[0]?.runs[0]?.redecided ?? plan.images).toLocaleString('en')} affected images:`,
    '',
    '| approach | images/s | time for the affected images | source |',
    '|---|---:|---:|---|',
  ];
  const affected = r.update.series[0]?.runs[0]?.redecided ?? plan.images;
  for (const s of r.update.series) lines.push(`| Airlock sweep, ${CONFIGURATIONS[s.configuration]} | ${Math.round(s.imagesPerSecond).toLocaleString('en')} | ${duration(s.medianSeconds)} | measured above |`);
  lines.push(`| re-scanning each image with the gate's own analyse job | ${(1000 / rescanMs).toFixed(2)} | ${duration((affected * rescanMs) / 1000)} | cold analyse of bookworm (table 1, ${rescanMs.toFixed(0)} ms) × images, extrapolated |`);
  lines.push(`| Harbor "scan all" | ${HARBOR_IMAGES_PER_SECOND} | ${duration(affected / HARBOR_IMAGES_PER_SECOND)} | published rate (goharbor/harbor#16630), extrapolated |`);
  lines.push('', `### 3. A single new advisory (critical, affecting the installed version), one package per run, ${plan.singleRounds} run(s) per row`, '');
  lines.push('| packages | configuration | images holding it | images re-decided | state changes | sweep, median (ms) | sweep, p95 (ms) |', '|---|---|---|---|---:|---:|---:|');
  for (const c of r.single) {
    const holding = c.runs.map((run) => run.imagesHolding);
    lines.push(`| ${c.label} | ${CONFIGURATIONS[c.configuration]} | ${range(holding)} | ${range(c.runs.map((run) => run.redecided))} | ${range(c.runs.map((run) => run.changedState))} | ${ms(c.medianSeconds)} | ${ms(c.p95Seconds)} |`);
  }
  lines.push('', `Packages: ${[...new Set(r.single.flatMap((c) => c.runs.map((run) => `${run.package} (${run.imagesHolding})`)))].join(', ')}.`);
  return lines;
}

function goals(r: GateResults): string[] {
  const rows = ['| goal | measured | met |', '|---|---|---|'];
  const warm = r.pushVerdict.warm;
  rows.push(`| push → verdict ≤ ${PUSH_GOAL_MS / 1000} s warm (skopeo exit → verdict event, median; p95) | ${warm.verdictMedianMs.toFixed(0)} ms; ${warm.verdictP95Ms.toFixed(0)} ms | ${met(warm.verdictP95Ms <= PUSH_GOAL_MS)} |`);
  const cold = r.pushVerdict.cold;
  rows.push(`| (context) the same, cold: layer never analysed | ${cold.verdictMedianMs.toFixed(0)} ms; ${cold.verdictP95Ms.toFixed(0)} ms | ${met(cold.verdictP95Ms <= PUSH_GOAL_MS)} |`);
  const images = r.redecision.plan.images.toLocaleString('en');
  for (const s of r.redecision.update.series) {
    rows.push(`| re-decision of ${images} images after a ${r.redecision.update.targets}-package update ≤ ${REDECISION_GOAL_SECONDS} s, ${CONFIGURATIONS[s.configuration]} | ${s.medianSeconds.toFixed(2)} s | ${met(s.medianSeconds <= REDECISION_GOAL_SECONDS)} |`);
  }
  for (const c of r.redecision.single) {
    rows.push(`| single new advisory → affected images re-decided ≤ ${SINGLE_GOAL_MS} ms: ${c.label}, ${CONFIGURATIONS[c.configuration]} (median) | ${ms(c.medianSeconds)} ms | ${met(c.medianSeconds * 1000 <= SINGLE_GOAL_MS)} |`);
  }
  return rows;
}

function events(run: SweepRun): string {
  return Object.entries(run.events).map(([type, count]) => `${count.toLocaleString('en')} ${type}`).join(', ') || 'none';
}

function duration(seconds: number): string {
  if (seconds < 120) return `${seconds.toFixed(seconds < 10 ? 2 : 1)} s`;
  if (seconds < 7200) return `${(seconds / 60).toFixed(0)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

function range(values: readonly number[]): string {
  const low = Math.min(...values);
  const high = Math.max(...values);
  return low === high ? low.toLocaleString('en') : `${low.toLocaleString('en')}–${high.toLocaleString('en')}`;
}

function ms(seconds: number): string {
  return (seconds * 1000).toFixed(0);
}

function list(values: readonly number[], decimals = 2): string {
  return values.map((v) => v.toFixed(decimals)).join(', ');
}

function met(ok: boolean): string {
  return ok ? 'yes' : '**no**';
}
