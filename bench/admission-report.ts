/**
 * The admission benchmark's section of bench/RESULTS.md (between its own
 * markers): the machine, the command, one row per load run, the goals of
 * issue 5, and Kyverno's published figure as context (no cluster here to run
 * a peer on).
 */
import type { AdmissionPlan, AdmissionResults } from './admission-bench.js';
import type { AdmissionLoadRun } from './admission-load.js';
import type { MachineInfo } from './machine.js';
import { MB, MiB } from './statistics.js';

export const ADMISSION_MARKERS = { start: '<!-- bench:admission:start (written by bench/run.ts) -->', end: '<!-- bench:admission:end -->' } as const;
const P99_GOAL_MS = 5;
const RSS_GOAL_BYTES = 150 * MB;

export interface AdmissionReport {
  date: Date;
  machine: MachineInfo;
  plan: AdmissionPlan;
  planName: string;
  command: string;
  results: AdmissionResults;
}

export function renderAdmissionResults(r: AdmissionReport): string {
  const { results: a, plan, machine: m } = r;
  const rssPeak = Math.max(a.hwmBytes, a.validate.peakRssBytes, a.mutate.peakRssBytes, a.max.peakRssBytes);
  const fixed = [a.validate, a.mutate];
  return [
    '## Admission',
    '',
    `\`${r.command}\` (${r.planName} plan), ${r.date.toISOString().replace(/\.\d+Z$/, 'Z')}. MB = 10^6 bytes.`,
    '',
    `| machine | ${m.cores} × ${m.cpu}, ${(m.memoryBytes / 1024 / MiB).toFixed(1)} GiB, ${m.kernel}, Node.js ${m.node}, Airlock ${m.airlock} |`,
    '|---|---|',
    `| setup | \`airlock serve\` over ${a.images.toLocaleString('en')} judged images (95 % approved, 5 % rejected with reasons; snapshot ${(a.snapshotBytes / MB).toFixed(2)} MB); \`airlock admission serve\` as its own process, certificates from \`airlock admission certs\`, cache synced over /api/v1/admission/snapshot with a viewer account (${a.cachedImages.toLocaleString('en')} images cached) |`,
    `| request | AdmissionReview CREATE of a Deployment with ${a.containers} containers, each an approved image by tag, restricted-level pod template (${(a.reviewBytes / 1000).toFixed(1)} kB) |`,
    `| load | from the benchmark process over keep-alive HTTPS on 127.0.0.1, after ${plan.warmupSeconds} s of warm-up per operation. Fixed rate: an open-loop pacer (node:https, ${plan.rateConnections} sockets) starting one request every ${(1000 / plan.rate).toFixed(1)} ms, latency from the intended start to the last byte (stalls are charged to every request they delay); autocannon's overallRate was not used because it sends each second's quota as one burst. Unlimited: autocannon 9, latency from send to last byte |`,
    '',
    '| run | connections | target req/s | achieved req/s | p50 (ms) | p90 (ms) | p99 (ms) | max (ms) | webhook decision, mean (ms) | webhook CPU per request (ms) | errors / non-2xx | peak VmRSS (MB) | load average after |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...[...fixed, a.max].map(row),
    '',
    `Webhook RSS idle after the first sync: ${(a.idleRssBytes / MB).toFixed(1)} MB; VmHWM over its whole life: ${(a.hwmBytes / MB).toFixed(1)} MB.`,
    '"webhook decision" is the webhook’s own airlock_admission_duration_seconds (read the review, decide, count, audit) — the rest of the end-to-end time is TLS, HTTP and the load generator.',
    '',
    '### Goals (issue 5)',
    '',
    '| goal | measured | met |',
    '|---|---|---|',
    ...fixed.map((run) => `| p99 ≤ ${P99_GOAL_MS} ms, /${run.operation} at ${run.rate} req/s | ${run.p99Ms.toFixed(2)} ms at ${run.requestsPerSecond.toFixed(0)} req/s, ${run.errors} errors | ${met(run.p99Ms <= P99_GOAL_MS && run.errors === 0 && run.requestsPerSecond >= 0.98 * (run.rate ?? 0))} |`),
    `| RSS ≤ ${RSS_GOAL_BYTES / MB} MB (peak of VmRSS samples and VmHWM) | ${(rssPeak / MB).toFixed(1)} MB | ${met(rssPeak <= RSS_GOAL_BYTES)} |`,
  ].join('\n');
}

function row(run: AdmissionLoadRun): string {
  const target = run.rate === undefined ? 'unlimited' : String(run.rate);
  return `| /${run.operation} | ${run.connections} | ${target} | ${run.requestsPerSecond.toFixed(0)} | ${run.p50Ms.toFixed(2)} | ${run.p90Ms.toFixed(2)} | ${run.p99Ms.toFixed(2)} | ${run.maxMs.toFixed(2)} | ${run.decisionMeanMs.toFixed(3)} | ${run.cpuMsPerRequest.toFixed(3)} | ${run.errors} / ${run.non2xx} | ${(run.peakRssBytes / MB).toFixed(1)} | ${run.loadAverage.toFixed(2)} |`;
}

function met(ok: boolean): string {
  return ok ? 'yes' : '**no**';
}
