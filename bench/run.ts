/**
 * `npm run bench`: Airlock against Debian's docker-registry on this machine, in
 * one run. Each benchmark gets freshly started servers (separate child
 * processes, empty data directories); the results are printed and written into
 * bench/RESULTS.md. `tsx bench/run.ts --quick` is a smoke run that only prints.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { measureBlobPush } from './blob-push.js';
import { CURL_BIN, measureLargeBlob } from './large-blob-memory.js';
import { describeMachine } from './machine.js';
import { measureManifestLatency } from './manifest-latency.js';
import { FULL_PLAN, QUICK_PLAN } from './plan.js';
import { renderResults, writeResults, type ServerResults } from './report.js';
import { DOCKER_REGISTRY_BIN, REPOSITORY_ROOT, withServer, type BenchServer, type ServerKind } from './servers.js';
import { SKOPEO_BIN, assertTestImage, measureSkopeoTransfer } from './skopeo-transfer.js';

const KINDS: readonly ServerKind[] = ['airlock', 'docker-registry'];
const RESULTS_FILE = path.join(REPOSITORY_ROOT, 'bench', 'RESULTS.md');

async function main(): Promise<void> {
  const plan = process.argv.includes('--quick') ? QUICK_PLAN : FULL_PLAN;
  preflight();
  const started = Date.now();
  const date = new Date();
  const machine = await describeMachine();

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
    progress(`wrote ${path.relative(process.cwd(), RESULTS_FILE)}`);
  }
  progress(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
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

function preflight(): void {
  for (const binary of [DOCKER_REGISTRY_BIN, SKOPEO_BIN, CURL_BIN]) {
    if (!existsSync(binary)) throw new Error(`${binary} is missing: apt-get install -y docker-registry skopeo curl`);
  }
  if (!existsSync(path.join(REPOSITORY_ROOT, 'dist', 'cli', 'main.js'))) throw new Error('dist/ is missing: run `npm run build` (npm run bench does)');
  assertTestImage();
}

function progress(message: string): void {
  console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

process.once('SIGINT', () => process.exit(130));
main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
