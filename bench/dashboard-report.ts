/**
 * The dashboard benchmark's results section of bench/RESULTS.md (between its
 * own markers): the Images page's filtered query and first render against the
 * goals of issue 7, where the query's time goes, and the other filters.
 */
import type { DashboardPlan, DashboardResults, Latency } from './dashboard-bench.js';
import { GOAL_FILTER } from './dashboard-bench.js';
import { machineTableRows, type MachineInfo } from './machine.js';
import { median } from './statistics.js';

export const DASHBOARD_MARKERS = { start: '<!-- bench:dashboard:start (written by bench/run.ts) -->', end: '<!-- bench:dashboard:end -->' } as const;

/** Issue 7: the filtered images query answers within 50 ms at the 99th percentile, the filtered table renders within 300 ms. */
const GOAL_API_P99_MS = 50;
const GOAL_RENDER_MS = 300;

export interface DashboardReportInput {
  date: Date;
  machine: MachineInfo;
  plan: DashboardPlan;
  planName: string;
  command: string;
  results: DashboardResults;
}

export function renderDashboardResults(input: DashboardReportInput): string {
  const { results: r, machine: m, plan } = input;
  const render = median(r.renders);
  const worst = Math.max(...r.renders);
  return [
    '## Dashboard results',
    '',
    `\`${input.command}\` (${input.planName} plan), ${input.date.toISOString().replace(/\.\d+Z$/, 'Z')}.`,
    '',
    ...machineTableRows(m),
    `| chromium | ${r.chromium} |`,
    `| 1-minute load average (start → end) | ${r.load[0].toFixed(1)} → ${r.load[1].toFixed(1)} |`,
    '',
    `${plan.images.toLocaleString('en')} images in ${plan.teams} teams with ${r.findings.toLocaleString('en')} findings (seeded in ${r.seedSeconds.toFixed(1)} s; stored evaluation ${(r.evaluationBytes / 1000).toFixed(1)} kB per image on average; planner statistics in the database file: ${r.statisticsRows > 0 ? `${r.statisticsRows} sqlite_stat1 rows` : 'none'}). The goal query \`GET /api/v1/images?${GOAL_FILTER}\` matches ${r.matches} images (${plan.images.toLocaleString('en')} in all). Latencies in ms, calls one after the other with the session cookie, after 50 untimed.`,
    '',
    '| measure | calls | p50 | p90 | p99 | max |',
    '|---|---:|---:|---:|---:|---:|',
    row('**API, goal query**', r.api, true),
    row('its database share: `queryImages` in the benchmark process on the same file', r.database),
    row('the floor: `GET /api/v1/session` (HTTP, session, JSON; no query)', r.floor),
    ...r.references.map((reference) => row(`API, ${reference.name}: \`${reference.query}\` → ${reference.total.toLocaleString('en')} images`, reference.latency)),
    '',
    `Chromium (headless, 1440×900), navigation start → first row of the filtered table at \`/images?…\`, ${r.renders.length} loads after one that fills the cache: median ${render.toFixed(0)} ms, worst ${worst.toFixed(0)} ms (${r.renders.map((ms) => ms.toFixed(0)).join(', ')}).`,
    '',
    '### Goals (issue 7)',
    '',
    'No peer dashboard can be installed on this machine: Harbor, the Trivy Operator with its UI, Anchore and the like are not in Debian, so these numbers are compared with the goals only (and, in the table above, with the floor and the unfiltered pages measured in the same run).',
    '',
    '| goal | measured | met |',
    '|---|---|---|',
    `| API p99 of the goal query ≤ ${GOAL_API_P99_MS} ms | ${r.api.p99.toFixed(1)} ms (p50 ${r.api.p50.toFixed(1)} ms) | ${met(r.api.p99 <= GOAL_API_P99_MS)} |`,
    `| first render of the filtered table ≤ ${GOAL_RENDER_MS} ms | median ${render.toFixed(0)} ms, worst ${worst.toFixed(0)} ms | ${met(render <= GOAL_RENDER_MS)}${worst > GOAL_RENDER_MS ? ' (median; not every load)' : ''} |`,
  ].join('\n');
}

function row(label: string, l: Latency, bold = false): string {
  const p99 = bold ? `**${l.p99.toFixed(1)}**` : l.p99.toFixed(1);
  return `| ${label} | ${l.calls} | ${l.p50.toFixed(1)} | ${l.p90.toFixed(1)} | ${p99} | ${l.max.toFixed(1)} |`;
}

function met(ok: boolean): string {
  return ok ? 'yes' : '**no**';
}
