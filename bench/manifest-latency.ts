/**
 * Manifest GETs under load: autocannon (in the benchmark process, separate from
 * both servers) fetches one OCI manifest by tag over 200 keep-alive connections.
 * Latencies are taken from every response with sub-millisecond resolution
 * (autocannon's own histogram rounds to whole milliseconds).
 */
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { OCI_MANIFEST, pushBlob, pushManifest, sha256 } from './registry-http.js';
import type { BenchServer } from './servers.js';
import { settle } from './settle.js';
import { percentile } from './statistics.js';

export interface LoadRun {
  requests: number;
  connections: number;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface ManifestLatencyResult {
  /** 1,000 requests at 200 connections (the stated benchmark; noisy). */
  short: LoadRun;
  /** The long run at the same concurrency. */
  long: LoadRun;
  /** One connection, for context: per-request service time without queueing. */
  sequential: LoadRun;
}

export interface ManifestLatencyPlan {
  warmup: number;
  short: number;
  long: number;
  sequential: number;
  connections: number;
}

export async function measureManifestLatency(server: BenchServer, plan: ManifestLatencyPlan): Promise<ManifestLatencyResult> {
  const url = await seedManifest(server);
  await settle();
  await load(server, url, plan.warmup, plan.connections);
  return {
    short: await load(server, url, plan.short, plan.connections),
    long: await load(server, url, plan.long, plan.connections),
    sequential: await load(server, url, plan.sequential, 1),
  };
}

/** Pushes a small image (config + one layer + manifest) and returns the manifest URL by tag. */
async function seedManifest(server: BenchServer): Promise<string> {
  const repository = server.repository('manifest-latency');
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } }));
  const layer = randomBytes(4096);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: await pushBlob(server, repository, config), size: config.length },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: await pushBlob(server, repository, layer), size: layer.length }],
    }),
  );
  await pushManifest(server, repository, 'v1', manifest);
  const check = await fetch(`${server.url}/v2/${repository}/manifests/v1`, { headers: { ...server.headers, accept: OCI_MANIFEST } });
  const body = Buffer.from(await check.arrayBuffer());
  if (check.status !== 200 || sha256(body) !== sha256(manifest)) throw new Error(`${server.kind} did not serve back the manifest it was given (${check.status})`);
  return `${server.url}/v2/${repository}/manifests/v1`;
}

async function load(server: BenchServer, url: string, amount: number, connections: number): Promise<LoadRun> {
  const latencies: number[] = [];
  let unexpected = 0;
  let lastResponse = 0;
  const start = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { url, amount, connections, method: 'GET', headers: { ...server.headers, accept: OCI_MANIFEST }, timeout: 30 },
      (error: Error | null, outcome: autocannon.Result) => (error ? reject(error) : resolve(outcome)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode !== 200) unexpected++;
      latencies.push(responseTime);
      lastResponse = performance.now();
    });
  });
  // autocannon reports only at its next 1 s tick: the run ends with the last response.
  const seconds = (lastResponse - start) / 1000;
  if (unexpected > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new Error(`${server.kind}: ${unexpected} non-200 answers, ${result.errors} errors, ${result.timeouts} time-outs in ${amount} manifest GETs`);
  }
  return {
    requests: latencies.length,
    connections,
    seconds,
    requestsPerSecond: latencies.length / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: percentile(latencies, 100),
  };
}
