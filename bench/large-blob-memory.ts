/**
 * Memory while streaming one large blob: the content is generated as a stream
 * (one random 1 MiB block repeated, never the whole blob in memory), pushed
 * with one streamed PATCH (chunked transfer encoding, as docker does) and a
 * closing PUT ?digest=, then pulled back, while the server's RSS is sampled
 * every 100 ms. The timed pull is curl writing to /dev/null: Node's own HTTP
 * client tops out near the servers' speed on two cores and would hide the
 * difference between them. An untimed second pull checks the digest.
 */
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { expectStatus, finishUrl, startUpload } from './registry-http.js';
import { sampleMemory, readMemory } from './rss-sampler.js';
import type { BenchServer } from './servers.js';
import { settle } from './settle.js';
import { MiB, median, megabytesPerSecond, timed } from './statistics.js';

const run = promisify(execFile);
export const CURL_BIN = '/usr/bin/curl';

export interface StreamPhase {
  /** Seconds of each round. */
  roundSeconds: number[];
  medianSeconds: number;
  mbPerSecond: number;
  /** Highest VmRSS sampled during this phase, over all rounds. */
  peakRssBytes: number;
  samples: number;
}

export interface LargeBlobResult {
  blobBytes: number;
  rounds: number;
  idleRssBytes: number;
  push: StreamPhase;
  pull: StreamPhase;
  /** The server's VmHWM after all rounds: its peak over its whole life. */
  hwmBytes: number;
}

interface PhaseSample {
  seconds: number;
  peakRssBytes: number;
  samples: number;
}

/** `rounds` times: push a distinct blob of `blobBytes`, then pull it back. */
export async function measureLargeBlob(server: BenchServer, blobBytes: number, rounds: number): Promise<LargeBlobResult> {
  const idleRssBytes = readMemory(server.pid).rssBytes;
  const pushes: PhaseSample[] = [];
  const pulls: PhaseSample[] = [];
  for (let round = 1; round <= rounds; round++) {
    const block = randomBytes(MiB);
    const digest = digestOf(block, blobBytes);
    const repository = server.repository(`large-blob-${round}`);
    await settle();
    pushes.push(await sampled(server, async () => (await timed(() => pushStream(server, repository, generated(block, blobBytes), digest))).seconds));
    await settle();
    pulls.push(
      await sampled(server, async () => {
        const { seconds } = await timed(() => curlPull(server, repository, digest, blobBytes));
        await pullAndVerify(server, repository, digest, blobBytes);
        return seconds;
      }),
    );
  }
  return { blobBytes, rounds, idleRssBytes, push: summarize(pushes, blobBytes), pull: summarize(pulls, blobBytes), hwmBytes: readMemory(server.pid).hwmBytes };
}

/** Samples memory while `work` runs; `work` returns the seconds its timed part took. */
async function sampled(server: BenchServer, work: () => Promise<number>): Promise<PhaseSample> {
  const result = await sampleMemory(server.pid, work);
  return { seconds: result.value, peakRssBytes: result.peakRssBytes, samples: result.samples };
}

function summarize(phases: PhaseSample[], bytes: number): StreamPhase {
  const roundSeconds = phases.map((p) => p.seconds);
  const medianSeconds = median(roundSeconds);
  return {
    roundSeconds,
    medianSeconds,
    mbPerSecond: megabytesPerSecond(bytes, medianSeconds),
    peakRssBytes: Math.max(...phases.map((p) => p.peakRssBytes)),
    samples: phases.reduce((sum, p) => sum + p.samples, 0),
  };
}

/** `total` bytes made of `block` repeated, produced on demand with backpressure. */
function generated(block: Buffer, total: number): Readable {
  let sent = 0;
  return new Readable({
    highWaterMark: block.length,
    read() {
      if (sent >= total) return void this.push(null);
      const chunk = total - sent >= block.length ? block : block.subarray(0, total - sent);
      sent += chunk.length;
      this.push(chunk);
    },
  });
}

function digestOf(block: Buffer, total: number): string {
  const hash = createHash('sha256');
  for (let done = 0; done < total; done += block.length) hash.update(total - done >= block.length ? block : block.subarray(0, total - done));
  return `sha256:${hash.digest('hex')}`;
}

async function pushStream(server: BenchServer, repository: string, body: Readable, digest: string): Promise<void> {
  const upload = await startUpload(server, repository);
  const patched = await streamRequest(upload, { ...server.headers, 'content-type': 'application/octet-stream' }, body);
  if (patched.status !== 202) throw new Error(`${server.kind}: streamed PATCH answered ${patched.status}: ${patched.body}`);
  const next = new URL(patched.location ?? upload.href, server.url);
  const finished = await fetch(finishUrl(next, digest), { method: 'PUT', headers: { ...server.headers, 'content-length': '0' } });
  await expectStatus(finished, 201, `${server.kind}: finishing the large upload`);
}

/** PATCH with a streamed body and no Content-Length, so Node sends it chunked. */
function streamRequest(url: URL, headers: Record<string, string>, body: Readable): Promise<{ status: number; location?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'PATCH', headers }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text = (text + chunk).slice(0, 2000)));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, location: response.headers.location, body: text }));
      response.on('error', reject);
    });
    request.on('error', reject);
    pipeline(body, request).catch(reject);
  });
}

async function curlPull(server: BenchServer, repository: string, digest: string, expectedBytes: number): Promise<void> {
  const headers = Object.entries(server.headers).flatMap(([name, value]) => ['-H', `${name}: ${value}`]);
  const url = `${server.url}/v2/${repository}/blobs/${digest}`;
  const { stdout } = await run(CURL_BIN, ['-sS', '-o', '/dev/null', '-w', '%{http_code} %{size_download}', ...headers, url]);
  if (stdout !== `200 ${expectedBytes}`) throw new Error(`${server.kind}: curl pull of the large blob ended with "${stdout}", not "200 ${expectedBytes}"`);
}

/** Pulls the blob with Node's HTTP client and checks its digest and size. */
async function pullAndVerify(server: BenchServer, repository: string, digest: string, expectedBytes: number): Promise<void> {
  const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
    http.get(`${server.url}/v2/${repository}/blobs/${digest}`, { headers: server.headers }, resolve).on('error', reject);
  });
  if (response.statusCode !== 200) throw new Error(`${server.kind}: blob GET answered ${response.statusCode}`);
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of response) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  const actual = `sha256:${hash.digest('hex')}`;
  if (actual !== digest || bytes !== expectedBytes) throw new Error(`${server.kind} served ${bytes} bytes with digest ${actual}, not ${expectedBytes} bytes of ${digest}`);
}
