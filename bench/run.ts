/**
 * `npm run bench`: Airlock against Debian's docker-registry on this machine, in
 * one run. Each benchmark gets freshly started servers (separate child
 * processes, empty data directories); the results are printed and written into
 * bench/RESULTS.md. Then the scan benchmark (scan-bench.ts), with its own
 * section; then the gate benchmark (gate-bench.ts), then the admission benchmark
 * (admission-bench.ts), then the mirror benchmark (mirror-bench.ts), then the
 * dashboard benchmark (dashboard-bench.ts), each with its own.
 * `--only registry|scan|gate|admission|mirror|dashboard` runs one part (`npm run bench -- --only gate`);
 * `tsx bench/run.ts --quick` is a smoke run that only prints.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { measureAdmission } from './admission-bench.js';
import { ADMISSION_MARKERS, renderAdmissionResults } from './admission-report.js';
import { measureBlobPush } from './blob-push.js';
import { CHROMIUM_BIN, measureDashboard } from './dashboard-bench.js';
import { DASHBOARD_MARKERS, renderDashboardResults } from './dashboard-report.js';
import { CURL_BIN, measureLargeBlob } from './large-blob-memory.js';
import { describeMachine, type MachineInfo } from './machine.js';
import { measureManifestLatency } from './manifest-latency.js';
import { measureMirror } from './mirror-bench.js';
import { MIRROR_MARKERS, renderMirrorResults } from './mirror-report.js';
import { measureGate } from './gate-bench.js';
import { GATE_MARKERS, renderGateResults } from './gate-report.js';
import { FULL_PLAN, QUICK_PLAN, type BenchPlan } from './plan.js';
import { renderResults, writeResults, type ServerResults } from './report.js';
import { measureScan } from './scan-bench.js';
import { assertTestImages } from './scan-images.js';
import { SCAN_MARKERS, renderScanResults } from './scan-report.js';
import { DOCKER_REGISTRY_BIN, REPOSITORY_ROOT, withServer, type BenchServer, type ServerKind } from './servers.js';
import { SKOPEO_BIN, assertTestImage, measureSkopeoTransfer } from './skopeo-transfer.js';

const KINDS: readonly ServerKind[] = ['airlock', 'docker-registry'];
const RESULTS_FILE = path.join(REPOSITORY_ROOT, 'bench', 'RESULTS.md');
const PARTS = ['registry', 'scan', 'gate', 'admission', 'mirror', 'dashboard'] as const;
type Part = (typeof PARTS)[number];

async function main(): Promise<void> {
  const plan = process.argv.includes('--quick') ? QUICK_PLAN : FULL_PLAN;
  const parts = partsToRun(process.argv.slice(2));
  preflight(parts);
  const started = Date.now();
  const machine = await describeMachine();
  if (parts.includes('registry')) await runRegistry(plan, machine);
  const command = (part: Part) => (parts.length === PARTS.length ? 'npm run bench' : `npm run bench -- --only ${part}`);
  if (parts.includes('scan')) await runScan(plan, machine, command('scan'));
  if (parts.includes('gate')) await runGate(plan, machine, command('gate'));
  if (parts.includes('admission')) await runAdmission(plan, machine, command('admission'));
  if (parts.includes('mirror')) await runMirror(plan, machine, command('mirror'));
  if (parts.includes('dashboard')) await runDashboard(plan, machine, command('dashboard'));
  progress(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

async function runRegistry(plan: BenchPlan, machine: MachineInfo): Promise<void> {
  const date = new Date();
  progress(`skopeo push/pull, ${plan.transferIterations} run(s) per server`);
  const transfer = await measureSkopeoTransfer(KINDS, plan.transferIterations);
  progress('manifest GET latency');
  const manifests = await perServer((server) => measureManifestLatency(server, plan.manifests));
  progress(`${plan.blobPush.blobs} concurrent blob pushes`);
  const blobPush = await perServer((server) => measureBlobPush(server, plan.blobPush));
  progress('large blob memory');
  const largeBlob = await perServer((server) => measureLargeBlob(server, plan.largeBlobBytes, plan.largeBlobRounds));

  const results = (kind: ServerKind): ServerResults => ({
    transfer: transfer[kind],
    manifests: manifests[kind],
    blobPush: blobPush[kind],
    largeBlob: largeBlob[kind],
  });
  const section = renderResults({ date, machine, plan, airlock: results('airlock'), registry: results('docker-registry') });
  console.log(`\n${section}\n`);
  if (plan === FULL_PLAN) {
    await writeResults(RESULTS_FILE, section);
    progress(`wrote the registry section of ${path.relative(process.cwd(), RESULTS_FILE)}`);
  }
}

async function runScan(plan: BenchPlan, machine: MachineInfo, command: string): Promise<void> {
  const date = new Date();
  const started = Date.now();
  const results = await measureScan(plan.scan, progress);
  const section = renderScanResults({ date, machine, plan: plan.scan, planName: plan.name, command, results });
  console.log(`\n${section}\n`);
  progress(`scan part took ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (plan === FULL_PLAN) {
    await writeResults(RESULTS_FILE, section, SCAN_MARKERS);
    progress(`wrote the scan section of ${path.relative(process.cwd(), RESULTS_FILE)}`);
  }
}

async function runGate(plan: BenchPlan, machine: MachineInfo, command: string): Promise<void> {
  const date = new Date();
  const started = Date.now();
  const results = await measureGate(plan.gate, progress);
  const section = renderGateResults({ date, machine, plan: plan.gate, planName: plan.name, command, results });
  console.log(`\n${section}\n`);
  progress(`gate part took ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (plan === FULL_PLAN) {
    await writeResults(RESULTS_FILE, section, GATE_MARKERS);
    progress(`wrote the gate section of ${path.relative(process.cwd(), RESULTS_FILE)}`);
  }
}

async function runAdmission(plan: BenchPlan, machine: MachineInfo, command: string): Promise<void> {
  const date = new Date();
  const started = Date.now();
  const results = await measureAdmission(plan.admission, progress);
  const section = renderAdmissionResults({ date, machine, plan: plan.admission, planName: plan.name, command, results });
  console.log(`\n${section}\n`);
  progress(`admission part took ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (plan === FULL_PLAN) {
    await writeResults(RESULTS_FILE, section, ADMISSION_MARKERS);
    progress(`wrote the admission section of ${path.relative(process.cwd(), RESULTS_FILE)}`);
  }
}

async function runMirror(plan: BenchPlan, machine: MachineInfo, command: string): Promise<void> {
  const date = new Date();
  const started = Date.now();
  const results = await measureMirror(plan.mirror, progress);
  const section = renderMirrorResults({ date, machine, plan: plan.mirror, planName: plan.name, command, results });
  console.log(`\n${section}\n`);
  progress(`mirror part took ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (plan === FULL_PLAN) {
    await writeResults(RESULTS_FILE, section, MIRROR_MARKERS);
    progress(`wrote the mirror section of ${path.relative(process.cwd(), RESULTS_FILE)}`);
  }
}

async function runDashboard(plan: BenchPlan, machine: MachineInfo, command: string): Promise<void> {
  const date = new Date();
  const started = Date.now();
  const results = await measureDashboard(plan.dashboard, progress);
  const section = renderDashboardResults({ date, machine, plan: plan.dashboard, planName: plan.name, command, results });
  console.log(`\n${section}\n`);
  progress(`dashboard part took ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (plan === FULL_PLAN) {
    await writeResults(RESULTS_FILE, section, DASHBOARD_MARKERS);
    progress(`wrote the dashboard section of ${path.relative(process.cwd(), RESULTS_FILE)}`);
  }
}

/** `--only registry|scan|gate|admission|mirror|dashboard` (or `--only=scan`); every part without it. */
function partsToRun(args: readonly string[]): Part[] {
  const at = args.findIndex((arg) => arg === '--only' || arg.startsWith('--only='));
  if (at < 0) return [...PARTS];
  const arg = args[at] ?? '';
  const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[at + 1];
  const part = PARTS.find((name) => name === value);
  if (!part) throw new Error(`--only takes one of ${PARTS.join(', ')}, not ${value ?? 'nothing'}`);
  return [part];
}

/** Runs one benchmark against a fresh server of each kind, one after the other. */
async function perServer<T>(work: (server: BenchServer) => Promise<T>): Promise<Record<ServerKind, T>> {
  const results: Partial<Record<ServerKind, T>> = {};
  for (const kind of KINDS) {
    progress(`  ${kind}`);
    results[kind] = await withServer(kind, work);
  }
  return results as Record<ServerKind, T>;
}

function preflight(parts: readonly Part[]): void {
  if (!existsSync(path.join(REPOSITORY_ROOT, 'dist', 'cli', 'main.js'))) throw new Error('dist/ is missing: run `npm run build` (npm run bench does)');
  if (parts.includes('registry') || parts.includes('gate') || parts.includes('mirror')) {
    for (const binary of [DOCKER_REGISTRY_BIN, SKOPEO_BIN, CURL_BIN]) {
      if (!existsSync(binary)) throw new Error(`${binary} is missing: apt-get install -y docker-registry skopeo curl`);
    }
    assertTestImage();
  }
  if (parts.includes('scan') || parts.includes('gate')) assertTestImages();
  if (parts.includes('dashboard') && !existsSync(CHROMIUM_BIN)) throw new Error(`${CHROMIUM_BIN} is missing: apt-get install -y chromium`);
}

function progress(message: string): void {
  console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

process.once('SIGINT', () => process.exit(130));
main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
