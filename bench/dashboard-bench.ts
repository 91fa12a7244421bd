/**
 * The dashboard benchmark (issue 7), run by `bench/run.ts` (alone with `--only
 * dashboard`): the Images page over a fleet of 10,000 images.
 *
 * Before the server starts, its fresh SQLite database is seeded with `images`
 * images in `teams` teams as verdicts leave them: state, reasons, summary and
 * the stored evaluation (the verdict's findings and rule results, what
 * `GET /images/:id` returns), up to 30 findings each from a pool of 800
 * vulnerabilities, indexed as verdicts index them, and the package list. Then
 * Airlock runs as its own process (`dist/cli/main.js serve`, no gate worker)
 * and the benchmark, signed in with a session cookie as the browser is, measures
 *  - the goal query, GET /api/v1/images with a vulnerability, state and severity
 *    filter sorted by severity: `calls` calls one after the other, after 50 untimed;
 *  - where its time goes: the same `queryImages` call in this process on the
 *    server's database file (the database's share), and GET /api/v1/session
 *    (HTTP, session and JSON without a database query: the floor);
 *  - the other filters and the unfiltered pages, `referenceCalls` each;
 *  - in Debian's chromium, navigation start → the filtered table's first row,
 *    `loads` loads after one that fills the browser's cache.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { CamelCasePlugin, Kysely, SqliteDialect } from 'kysely';
import { chromium } from 'playwright-core';
import { openDatabase, type Database } from '../src/db/index.js';
import { ImageStore, queryImages, type ImageQuery } from '../src/gate/index.js';
import { indexFindings } from '../src/gate/store/finding-index.js';
import type { Finding } from '../src/scan/index.js';
import { ensureWebBundle } from '../test/helpers/web-bundle.js';
import { startAirlock, type BenchServer } from './servers.js';
import { percentile, timed } from './statistics.js';

export interface DashboardPlan {
  images: number;
  teams: number;
  /** Timed calls of the goal query. */
  calls: number;
  /** Timed calls of each other query. */
  referenceCalls: number;
  /** Timed page loads in chromium. */
  loads: number;
}

export const CHROMIUM_BIN = '/usr/bin/chromium';
export const GOAL_FILTER = 'vulnerability=CVE-2024-10042&state=approved,at-risk&severity=high&sort=severity&limit=50';
/** GOAL_FILTER as the API hands it to the store (an administrator sees every team). */
const GOAL_QUERY: ImageQuery = { vulnerability: 'CVE-2024-10042', states: ['approved', 'at-risk'], severity: 'high', sort: 'severity', limit: 50, offset: 0 };
const REFERENCE_QUERIES = [
  { name: 'unfiltered, first page', query: 'limit=50' },
  { name: 'unfiltered, deep page', query: 'limit=50&offset=5000' },
  { name: 'unfiltered, deep page sorted by severity', query: 'sort=severity&limit=50&offset=5000' },
  { name: 'package', query: 'package=package-42&limit=50' },
  { name: 'severity', query: 'severity=critical&sort=severity&limit=50' },
  { name: 'repository text', query: 'q=app-12&limit=50' },
  { name: 'team and state', query: 'team=team-7&state=approved,at-risk&limit=50' },
] as const;
const VULNERABILITIES = 800;
const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
const STATES = ['approved', 'approved', 'approved', 'rejected', 'at-risk', 'revoked'];
const WARMUP_CALLS = 50;
const CONFIG = ['gate:', '  workers: 0', ''].join('\n');

export interface Latency {
  calls: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export interface DashboardResults {
  plan: DashboardPlan;
  seedSeconds: number;
  /** Mean length of the stored evaluation JSON, bytes. */
  evaluationBytes: number;
  findings: number;
  /** Rows in the server's database file once seeded: 0 means the planner has no statistics (sqlite_stat1). */
  statisticsRows: number;
  /** Images the goal query matches. */
  matches: number;
  api: Latency;
  database: Latency;
  floor: Latency;
  references: Array<{ name: string; query: string; total: number; latency: Latency }>;
  /** Navigation start → first row, ms, per timed load. */
  renders: number[];
  chromium: string;
  /** 1-minute load average at the start and the end. */
  load: [number, number];
}

export async function measureDashboard(plan: DashboardPlan, progress: (message: string) => void): Promise<DashboardResults> {
  const load0 = os.loadavg()[0] ?? 0;
  await ensureWebBundle();
  progress(`dashboard: seeding ${plan.images} images`);
  let seeded: { seconds: number; value: Seeded } | undefined;
  const server = await startAirlock({ config: CONFIG, prepare: async (dataDir) => void (seeded = await timed(() => seed(path.join(dataDir, 'airlock.db'), plan))) });
  try {
    if (!seeded) throw new Error('the dashboard fleet was not seeded');
    const cookie = await signIn(server);
    const get = async (query: string) => {
      const response = await fetch(`${server.url}/api/v1/images?${query}`, { headers: { cookie } });
      if (!response.ok) throw new Error(`GET /api/v1/images?${query}: ${response.status} ${await response.text()}`);
      return (await response.json()) as { total: number };
    };
    const matches = (await get(GOAL_FILTER)).total;
    progress(`dashboard: the goal query matches ${matches} images; ${plan.calls} calls`);
    const api = await latency(plan.calls, () => get(GOAL_FILTER));
    const database = await measureDatabase(seeded.value.file, plan.calls);
    const floor = await latency(plan.calls, async () => (await fetch(`${server.url}/api/v1/session`, { headers: { cookie } })).arrayBuffer());
    const references: DashboardResults['references'] = [];
    for (const { name, query } of REFERENCE_QUERIES) {
      progress(`dashboard: ${name}`);
      references.push({ name, query, total: (await get(query)).total, latency: await latency(plan.referenceCalls, () => get(query)) });
    }
    progress(`dashboard: ${plan.loads} page loads in chromium`);
    const { renders, chromium } = await measureRenders(server.url, cookie, plan.loads);
    const { seconds, value } = seeded;
    return { plan, seedSeconds: seconds, evaluationBytes: value.evaluationBytes, findings: value.findings, statisticsRows: statisticsRows(value.file), matches, api, database, floor, references, renders, chromium, load: [load0, os.loadavg()[0] ?? 0] };
  } finally {
    await server.stop();
  }
}

async function signIn(server: BenchServer): Promise<string> {
  const [username, password] = (server.credentials ?? '').split(':');
  const response = await fetch(`${server.url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (response.status !== 201) throw new Error(`signing in failed: ${response.status} ${await response.text()}`);
  return (response.headers.get('set-cookie') ?? '').split(';')[0] as string;
}

/** The store's share: the same query through `queryImages` on a connection of this process to the server's file. */
async function measureDatabase(file: string, calls: number): Promise<Latency> {
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new SQLite(file, { readonly: true }) }), plugins: [new CamelCasePlugin()] });
  try {
    return await latency(calls, () => queryImages(db, GOAL_QUERY));
  } finally {
    await db.destroy();
  }
}

function statisticsRows(file: string): number {
  const database = new SQLite(file, { readonly: true });
  try {
    const table = database.prepare("select count(*) as n from sqlite_master where name = 'sqlite_stat1'").get() as { n: number };
    return table.n === 0 ? 0 : (database.prepare('select count(*) as n from sqlite_stat1').get() as { n: number }).n;
  } finally {
    database.close();
  }
}

async function measureRenders(url: string, cookie: string, loads: number): Promise<{ renders: number[]; chromium: string }> {
  if (!existsSync(CHROMIUM_BIN)) throw new Error(`${CHROMIUM_BIN} is missing: apt-get install -y chromium`);
  const browser = await chromium.launch({ executablePath: CHROMIUM_BIN, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const [name, value] = cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url }]);
    const page = await context.newPage();
    const renders: number[] = [];
    for (let run = 0; run <= loads; run += 1) {
      await page.goto(`${url}/images?${GOAL_FILTER.replace(/&limit=\d+/, '')}`);
      await page.waitForSelector('[data-testid="images-table"] tbody tr');
      // performance.now() counts from the navigation's start; the first load fills the cache of the hashed assets.
      const ms = await page.evaluate(() => performance.now());
      if (run > 0) renders.push(ms);
    }
    return { renders, chromium: browser.version() };
  } finally {
    await browser.close();
  }
}

async function latency(calls: number, call: () => Promise<unknown>): Promise<Latency> {
  for (let warm = 0; warm < Math.min(WARMUP_CALLS, calls); warm += 1) await call();
  const times: number[] = [];
  for (let n = 0; n < calls; n += 1) {
    const started = performance.now();
    await call();
    times.push(performance.now() - started);
  }
  return { calls, p50: percentile(times, 50), p90: percentile(times, 90), p99: percentile(times, 99), max: Math.max(...times) };
}

interface Seeded {
  file: string;
  evaluationBytes: number;
  findings: number;
}

/** The fleet, deterministic (a fixed linear congruential sequence): the goal query matches the same images every run. */
async function seed(file: string, plan: DashboardPlan): Promise<Seeded> {
  const next = random(42);
  const now = Date.now();
  let evaluationBytes = 0;
  let findingCount = 0;
  const handle = await openDatabase(file);
  try {
    for (let start = 0; start < plan.images; start += 500) {
      await handle.db.transaction().execute(async (trx) => {
        const images = new ImageStore(trx, () => now);
        for (let index = start; index < Math.min(plan.images, start + 500); index += 1) {
          const team = `team-${index % plan.teams}`;
          const digest = `sha256:${index.toString(16).padStart(64, '0')}`;
          const { image } = await images.recordPush({ repository: `quarantine/${team}/app-${index % 400}`, digest, team, mediaType: 'application/vnd.oci.image.manifest.v1+json', tag: `1.${index}` });
          const findings = findingsOf(next, Math.floor(next() * 30));
          const received = now - Math.floor(next() * 200) * 86_400_000;
          const state = STATES[index % STATES.length] as string;
          const verdict = verdictOf(digest, state, findings);
          evaluationBytes += verdict.evaluation.length;
          findingCount += findings.length;
          await trx.updateTable('gateImages').set({ receivedAt: received }).where('id', '=', image.id).execute();
          await images.update(image, { state, ...verdict, policyVersion: 'bench-1', decidedAt: received, approvedAt: received }, 'scan', undefined, trx);
          await images.replacePackages(image.id, findings.map((finding) => ({ ecosystem: 'npm', name: finding.package })), trx);
          await indexFindings(trx, image.id, [{ findings, evaluation: {} }], received);
        }
      });
    }
  } finally {
    await handle.close();
  }
  return { file, evaluationBytes: evaluationBytes / plan.images, findings: findingCount };
}

function findingsOf(next: () => number, count: number): Finding[] {
  const findings: Finding[] = [];
  for (let n = 0; n < count; n += 1) {
    const vulnerability = 10_000 + Math.floor(next() * VULNERABILITIES);
    const name = `package-${vulnerability % 300}`;
    findings.push({
      id: `CVE-2024-${vulnerability}`,
      aliases: [`GHSA-bench-${vulnerability}`],
      package: name,
      packageType: 'npm',
      purl: `pkg:npm/${name}@1.0.${n}`,
      path: `/app/node_modules/${name}/package.json`,
      installedVersion: `1.0.${n}`,
      fixedVersion: '2.0.0',
      severity: SEVERITIES[vulnerability % 4] as Finding['severity'],
      source: `GHSA-bench-${vulnerability}`,
      summary: `${name}: crafted input to the parser leads to prototype pollution and denial of service`,
      references: [`https://nvd.nist.gov/vuln/detail/CVE-2024-${vulnerability}`, `https://github.com/advisories/GHSA-bench-${vulnerability}`],
    });
  }
  return findings;
}

/** The columns a verdict writes (record-verdict.ts): reasons, summary and the evaluation with every finding. */
function verdictOf(digest: string, state: string, findings: readonly Finding[]): { reasons: string; summary: string; evaluation: string } {
  const counts: Record<string, number> = {};
  for (const finding of findings) counts[finding.severity] = (counts[finding.severity] ?? 0) + 1;
  const critical = findings.filter((finding) => finding.severity === 'critical');
  const reasons = state === 'rejected' ? critical.map((finding) => ({ rule: 'no-critical', message: `${finding.id} in ${finding.package} ${finding.installedVersion} is critical (fixed in ${finding.fixedVersion})`, vulnerability: finding.id, package: finding.package, severity: 'critical' })) : [];
  const evaluation = {
    outcome: reasons.length > 0 ? 'fail' : 'pass',
    results: ['no-critical', 'no-high-fixable', 'max-age', 'signed'].map((rule) => ({ policy: 'org', ruleId: rule, status: rule === 'no-critical' && reasons.length > 0 ? 'fail' : 'pass' })),
    reasons,
    warnings: [],
    exceptionsApplied: [],
    gracePeriodMs: 604_800_000,
  };
  const platform = { digest, platform: 'linux/amd64', os: { family: 'debian', version: '12' }, findings, evaluation };
  return {
    reasons: JSON.stringify(reasons),
    summary: JSON.stringify({ packages: 120 + findings.length, vulnerabilities: counts, platforms: [{ digest, platform: 'linux/amd64' }] }),
    evaluation: JSON.stringify({ warnings: [], platforms: [platform] }),
  };
}

function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}
