/**
 * The mirror benchmark's results section of bench/RESULTS.md (between its own
 * markers): Airlock's mirror sync of the five test images against `skopeo copy`
 * of the same images into docker-registry and into Airlock, the scan after the
 * sync on its own line, and the goal of issue 6.
 */
import { machineTableRows, type MachineInfo } from './machine.js';
import type { MirrorPlan, MirrorResults } from './mirror-bench.js';
import { MB, megabytesPerSecond } from './statistics.js';

export const MIRROR_MARKERS = { start: '<!-- bench:mirror:start (written by bench/run.ts) -->', end: '<!-- bench:mirror:end -->' } as const;

/** Issue 6: the sync takes at most 1.2 × skopeo's time for the same images. */
const GOAL_RATIO = 1.2;

const LABELS = {
  'skopeo-registry': 'skopeo → docker-registry',
  'skopeo-airlock': 'skopeo → Airlock',
  'airlock-sync': 'Airlock mirror sync',
} as const;

export interface MirrorReportInput {
  date: Date;
  machine: MachineInfo;
  plan: MirrorPlan;
  planName: string;
  command: string;
  results: MirrorResults;
}

export function renderMirrorResults(input: MirrorReportInput): string {
  const { results: r, machine: m } = input;
  const md = r.medians;
  const rate = (seconds: number) => megabytesPerSecond(r.uniqueBytes, seconds).toFixed(1);
  const runs = (values: readonly number[]) => values.map((v) => v.toFixed(2)).join(', ');
  const sizes = r.images.map((image) => `${image.tag} ${(image.bytes / MB).toFixed(1)} MB`).join(', ');
  const states = [...new Set(r.rounds.flatMap((round) => Object.values(round.sync.states)))].join(', ');
  const fetched = [...new Set(r.rounds.map((round) => (round.sync.fetchedBytes / MB).toFixed(1)))].join(' / ');
  const orders = r.rounds.map((round) => `${round.round}: ${round.order.map((c) => LABELS[c]).join(', ')}`).join('; ');
  return [
    '## Mirror results',
    '',
    `\`${input.command}\` (${input.planName} plan), ${input.date.toISOString().replace(/\.\d+Z$/, 'Z')}. MB = 10^6 bytes.`,
    '',
    ...machineTableRows(m),
    `| docker-registry | ${m.dockerRegistry} |`,
    `| skopeo | ${m.skopeo} |`,
    `| 1-minute load average (start → end) | ${r.load[0].toFixed(1)} → ${r.load[1].toFixed(1)} |`,
    '',
    `The five test images (\`.cache/test-images/oci\`: ${sizes}; ${(r.imageBytes / MB).toFixed(1)} MB in all, ${(r.uniqueBytes / MB).toFixed(1)} MB distinct, as debian, nodeapp and goapp share their base layer) are served by a local docker-registry as \`bench/<tag>:1.0\` (seeded once by skopeo, untimed: ${r.seedSeconds.toFixed(1)} s). ${r.plan.rounds} timed round(s) after one untimed warm-up; every contender gets a freshly started server with an empty data directory in every round, the order alternating between rounds (${orders}). Each copies the five images one after the other; a shared layer crosses the wire once (skopeo mounts it from the repository it pushed it to, Airlock links the blob it already stores), so MB/s is over the ${(r.uniqueBytes / MB).toFixed(1)} distinct MB.`,
    '',
    '| run | what is timed | median (s) | MB/s | rounds (s) | ÷ skopeo → docker-registry |',
    '|---|---|---:|---:|---|---:|',
    `| ${LABELS['skopeo-registry']} | 5 × \`skopeo copy docker://upstream/… docker://registry/bench/…\` | ${md.registry.toFixed(2)} | ${rate(md.registry)} | ${runs(r.rounds.map((x) => x.registrySeconds))} | 1.00 |`,
    `| ${LABELS['skopeo-airlock']} | the same into \`quarantine/bench/…\` of an Airlock with no gate worker | ${md.airlockPush.toFixed(2)} | ${rate(md.airlockPush)} | ${runs(r.rounds.map((x) => x.airlockPushSeconds))} | ${(md.airlockPush / md.registry).toFixed(2)} |`,
    `| **${LABELS['airlock-sync']}** | \`PUT /api/v1/mirror/catalog\` with the five → every tag \`synced\` in \`GET /api/v1/mirror/status\` (polled every 50 ms; includes each entry's tag listing) | ${md.sync.toFixed(2)} | ${rate(md.sync)} | ${runs(r.rounds.map((x) => x.sync.syncSeconds))} | **${(md.sync / md.registry).toFixed(2)}** |`,
    `| then scan + verdict | every tag synced → every tag approved, rejected or error (one gate worker; no vulnerability database loaded, so analysis + policy) | ${md.scan.toFixed(2)} | — | ${runs(r.rounds.map((x) => x.sync.scanSeconds))} | — |`,
    `| sync + scan | PUT → every tag judged | ${md.syncAndScan.toFixed(2)} | — | ${runs(r.rounds.map((x) => x.sync.syncSeconds + x.sync.scanSeconds))} | ${(md.syncAndScan / md.registry).toFixed(2)} |`,
    '',
    `Airlock sync ÷ skopeo → Airlock: ${(md.sync / md.airlockPush).toFixed(2)}. Verdicts of the mirrored tags: ${states || 'none'}. Bytes the mirror reports fetched per round: ${fetched} MB (blobs only; manifests are not counted). Every mirrored copy kept the upstream manifest digest: ${r.rounds.every((round) => round.sync.digestsKept) ? 'yes' : '**no**'}.`,
    '',
    '### Goal (issue 6)',
    '',
    '| goal | measured | met |',
    '|---|---|---|',
    `| sync of the five ≤ ${GOAL_RATIO} × skopeo's time (skopeo → docker-registry, medians) | ${md.sync.toFixed(2)} s vs ${md.registry.toFixed(2)} s: ${(md.sync / md.registry).toFixed(2)} × | ${met(md.sync <= GOAL_RATIO * md.registry)} |`,
    `| (context) the same against skopeo → Airlock | ${md.sync.toFixed(2)} s vs ${md.airlockPush.toFixed(2)} s: ${(md.sync / md.airlockPush).toFixed(2)} × | ${met(md.sync <= GOAL_RATIO * md.airlockPush)} |`,
    `| (reported separately) scan + verdict of the five after the sync | ${md.scan.toFixed(2)} s | — |`,
  ].join('\n');
}

function met(ok: boolean): string {
  return ok ? 'yes' : '**no**';
}
