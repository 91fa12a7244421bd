/**
 * Continuous compliance at fleet scale, in the benchmark process against a real
 * database (SQLite in a temp directory): N synthetic images of 300 packages are
 * stored as the analyse job stores them (gate-fleet.ts), then a database update
 * is imported (VulnerabilityDatabase.update, as `airlock db update` does) and
 * the gate's sweep job — enqueued with `gate.tick()`, run by a gate worker — is
 * timed until it completes: changed advisories → affected packages → affected
 * images (inverted index) → each re-matched from its stored inventory, judged,
 * recorded (state, history, events, audit).
 *
 * Every run starts from a fresh copy of the stored fleet, on a Gate wired as
 * the server wires it (gate-in-process.ts), in two configurations: with the
 * scan-report port (each image whose findings changed gets its JSON and HTML
 * report rendered and stored again, as `airlock serve` does) and without it
 * (the verdict alone).
 *
 * Updates: 100 advisories touching 100 packages (gate-fleet.ts updateTargets:
 * every image is affected), and single new advisories touching one package each.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../src/db/index.js';
import { seedFleet, sweepOnce, updateTargets, type SeedingStats } from './gate-fleet.js';
import { openInProcessGate, type InProcessGate } from './gate-in-process.js';
import { writeAdvisories, type AdvisoryTarget, type FleetPlan } from './gate-synthetic-images.js';
import { prepareDatabase, removeDataDirs } from './scan-vulndb.js';
import { median, percentile, timed } from './statistics.js';

export interface RedecisionPlan extends FleetPlan {
  /** Timed runs of the 100-package update without reports, each on a fresh copy of the stored fleet. */
  rounds: number;
  /** The same with the report port (slow: two blobs per image). */
  reportRounds: number;
  /** Packages the big update touches. */
  updatePackages: number;
  /** Single-advisory runs per popularity class and configuration. */
  singleRounds: number;
}

export type Configuration = 'verdicts' | 'reports';

export interface SweepRun {
  /** Import of the advisories (VulnerabilityDatabase.update), not part of the gate. */
  importSeconds: number;
  /** gate.tick() → sweep job completed. */
  sweepSeconds: number;
  /** gate.tick() → the last report job of the re-decided images completed (0 without the report port). */
  reportsSeconds: number;
  /** Images given a new verdict (decidedAt after the sweep began). */
  redecided: number;
  /** Images whose state changed (history rows caused by the update). */
  changedState: number;
  events: Record<string, number>;
  auditEntries: number;
}

export interface UpdateSeries {
  configuration: Configuration;
  runs: SweepRun[];
  medianSeconds: number;
  imagesPerSecond: number;
}

export interface SingleAdvisoryClass {
  label: string;
  configuration: Configuration;
  runs: Array<SweepRun & { package: string; imagesHolding: number }>;
  medianSeconds: number;
  p95Seconds: number;
}

export interface RedecisionResult {
  plan: RedecisionPlan;
  advisories: number;
  seeding: SeedingStats;
  update: { targets: number; debianTargets: number; affectingInstalled: number; series: UpdateSeries[] };
  single: SingleAdvisoryClass[];
}

type Progress = (message: string) => void;

export async function measureRedecision(plan: RedecisionPlan, progress: Progress): Promise<RedecisionResult> {
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'airlock-gate-bench-'));
  try {
    progress('gate: importing the staged OSV advisories');
    const database = await prepareDatabase();
    const fleetDir = path.join(scratch, 'fleet');
    await cp(database.template, fleetDir, { recursive: true });
    progress(`gate: storing ${plan.images.toLocaleString('en')} synthetic images of ${plan.packagesPerImage} packages the way the analyse job does`);
    const fleet = await seedFleet(fleetDir, plan, progress);
    progress(`gate: stored in ${fleet.stats.seconds.toFixed(0)} s`);
    const targets = updateTargets(fleet.keyCounts, fleet.base, plan.updatePackages);
    const series: UpdateSeries[] = [];
    for (const [configuration, rounds] of [['verdicts', plan.rounds], ['reports', plan.reportRounds]] as const) {
      const runs: SweepRun[] = [];
      for (let round = 1; round <= rounds; round++) {
        progress(`gate: ${plan.updatePackages}-package update (${configuration}), round ${round} of ${rounds}`);
        const prefix = `BENCH-UPD-${configuration}-${round}`;
        runs.push(await onCopy(fleetDir, scratch, configuration, (gate) => sweepAfterImport(gate, path.join(scratch, prefix), prefix, targets)));
      }
      if (runs.length === 0) continue;
      const medianSeconds = median(runs.map((run) => run.sweepSeconds));
      series.push({ configuration, runs, medianSeconds, imagesPerSecond: median(runs.map((run) => run.redecided)) / medianSeconds });
    }
    const single: SingleAdvisoryClass[] = [];
    for (const configuration of ['verdicts', 'reports'] as const) single.push(...(await measureSingleAdvisories(plan, fleet.keyCounts, fleetDir, scratch, configuration, progress)));
    return {
      plan,
      advisories: database.advisories,
      seeding: fleet.stats,
      update: {
        targets: targets.length,
        debianTargets: targets.filter((target) => target.ecosystem.startsWith('Debian')).length,
        affectingInstalled: targets.filter((target) => target.affectsInstalled).length,
        series,
      },
      single,
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
    await removeDataDirs();
  }
}

/**
 * A critical advisory affecting the installed version, one package per run, on
 * packages of two popularity classes: one in about 1 % of the images, and the
 * most widespread language packages. Runs of one class and configuration share
 * a copy of the fleet, one after the other.
 */
async function measureSingleAdvisories(plan: RedecisionPlan, keyCounts: Map<string, number>, fleetDir: string, scratch: string, configuration: Configuration, progress: Progress): Promise<SingleAdvisoryClass[]> {
  const language = [...keyCounts].filter(([key]) => !key.startsWith('Debian\0')).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const typical = Math.max(1, Math.round(plan.images / 100));
  const classes: Array<{ label: string; keys: Array<[string, number]> }> = [
    { label: `packages held by about 1 % of the images (nearest ${typical})`, keys: [...language].sort((a, b) => Math.abs(a[1] - typical) - Math.abs(b[1] - typical) || a[0].localeCompare(b[0])).slice(0, plan.singleRounds) },
    { label: 'the most widespread language packages', keys: language.slice(0, plan.singleRounds) },
  ];
  const results: SingleAdvisoryClass[] = [];
  for (const [c, { label, keys }] of classes.entries()) {
    progress(`gate: single advisories (${configuration}), ${label}`);
    const runs = await onCopy(fleetDir, scratch, configuration, async (gate) => {
      const done: SingleAdvisoryClass['runs'] = [];
      for (const [n, [key, imagesHolding]] of keys.entries()) {
        const [ecosystem = '', name = ''] = key.split('\0');
        const prefix = `BENCH-ONE-${configuration}-${c}-${n}`;
        const run = await sweepAfterImport(gate, path.join(scratch, prefix), prefix, [{ ecosystem, name, affectsInstalled: true, severity: 'critical' }]);
        done.push({ ...run, package: `${ecosystem}/${name}`, imagesHolding });
      }
      return done;
    });
    const seconds = runs.map((run) => run.sweepSeconds);
    results.push({ label, configuration, runs, medianSeconds: median(seconds), p95Seconds: percentile(seconds, 95) });
  }
  return results;
}

/** Runs `work` on a started gate over a fresh copy of the stored fleet, its index loaded as a running server's is. */
async function onCopy<T>(fleetDir: string, scratch: string, configuration: Configuration, work: (gate: InProcessGate) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(scratch, 'run-'));
  await cp(fleetDir, dir, { recursive: true });
  const airlock = await openInProcessGate(dir, { reports: configuration === 'reports' });
  try {
    await airlock.ports.index();
    airlock.gate.start();
    return await work(airlock);
  } finally {
    await airlock.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Imports the advisories, then times one sweep from tick to completion, and counts what it did. */
async function sweepAfterImport(airlock: InProcessGate, dir: string, prefix: string, targets: readonly AdvisoryTarget[]): Promise<SweepRun> {
  const { db } = airlock.handle;
  await writeAdvisories(dir, prefix, targets);
  const imported = await timed(() => airlock.vulnerabilities.update({ sources: [dir] }));
  if (imported.value.totals.added !== targets.length) throw new Error(`expected ${targets.length} new advisories, imported ${JSON.stringify(imported.value.totals)}`);
  const before = await counters(db);
  const startedAt = Date.now();
  const { seconds } = await timed(() => sweepOnce(airlock));
  await airlock.reportsSettled();
  const reportsSeconds = airlock.ports.storeBlob ? (Date.now() - startedAt) / 1000 : 0;
  const after = await counters(db);
  const history = await db.selectFrom('gateImageHistory').select((eb) => eb.fn.countAll<number>().as('count')).where('at', '>=', startedAt).where('cause', '=', 'db-update').executeTakeFirst();
  const redecided = await db.selectFrom('gateImages').select((eb) => eb.fn.countAll<number>().as('count')).where('decidedAt', '>=', startedAt).executeTakeFirst();
  const events: Record<string, number> = {};
  for (const [type, total] of after.events) {
    const added = total - (before.events.get(type) ?? 0);
    if (added > 0) events[type] = added;
  }
  return {
    importSeconds: imported.seconds,
    sweepSeconds: seconds,
    reportsSeconds,
    redecided: Number(redecided?.count ?? 0),
    changedState: Number(history?.count ?? 0),
    events,
    auditEntries: after.audit - before.audit,
  };
}

async function counters(db: Kysely<Database>): Promise<{ events: Map<string, number>; audit: number }> {
  const events = await db.selectFrom('outboxEvents').select(['type', (eb) => eb.fn.countAll<number>().as('count')]).groupBy('type').execute();
  const audit = await db.selectFrom('auditLog').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
  return { events: new Map(events.map((row) => [row.type, Number(row.count)])), audit: Number(audit?.seq ?? 0) };
}
