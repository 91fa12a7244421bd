/**
 * One load run against the webhook, POSTing the same AdmissionReview over
 * keep-alive HTTPS connections on loopback for a fixed time, from the
 * benchmark process:
 *   - at a fixed rate: an open-loop pacer (node:https, a keep-alive agent of
 *     `connections` sockets) starts request n at start + n/rate, evenly spaced,
 *     and measures each from that intended start, so a stall is charged to every
 *     request it delays. (autocannon's overallRate sends each second's quota in
 *     one burst at the top of the second and then idles: that measures bursts
 *     of 500, not 500 req/s.)
 *   - as fast as possible: autocannon over `connections` connections.
 * Latency is kept per response with sub-millisecond resolution; every body is
 * checked for the expected answer; the webhook's RSS is sampled every 100 ms
 * and its own decision time read from its /metrics before and after.
 */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import os from 'node:os';
import autocannon from 'autocannon';
import { decisionTotals, type WebhookProcess } from './admission-webhook-process.js';
import { sampleMemory } from './rss-sampler.js';
import { percentile } from './statistics.js';

export interface AdmissionLoadSpec {
  operation: 'validate' | 'mutate';
  body: string;
  connections: number;
  seconds: number;
  /** Requests per second over all connections; undefined: as fast as possible. */
  rate?: number;
  /** What every answer must contain. */
  expect: string;
}

export interface AdmissionLoadRun {
  operation: 'validate' | 'mutate';
  connections: number;
  rate: number | undefined;
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Socket errors + time-outs + non-2xx + answers without `expect`. */
  errors: number;
  non2xx: number;
  mismatches: number;
  /** Mean time the webhook itself spent deciding (its duration histogram), ms. */
  decisionMeanMs: number;
  /** CPU time (user + system) the webhook process used per answered request, ms. */
  cpuMsPerRequest: number;
  /** 1-minute load average of the machine when the run ended: other work competing for the cores shows here. */
  loadAverage: number;
  peakRssBytes: number;
  hwmBytes: number;
}

export async function runAdmissionLoad(webhook: WebhookProcess, spec: AdmissionLoadSpec): Promise<AdmissionLoadRun> {
  const before = await decisionTotals(webhook, spec.operation);
  const cpuBefore = cpuMs(webhook.pid);
  const sampled = await sampleMemory(webhook.pid, () => (spec.rate === undefined ? unthrottled(webhook, spec) : paced(webhook, spec, spec.rate)));
  const cpu = cpuMs(webhook.pid) - cpuBefore;
  const after = await decisionTotals(webhook, spec.operation);
  const { latencies, seconds, errors, non2xx, mismatches } = sampled.value;
  if (latencies.length === 0) throw new Error(`no answers from ${webhook.url}/${spec.operation}`);
  return {
    operation: spec.operation,
    connections: spec.connections,
    rate: spec.rate,
    seconds,
    requests: latencies.length,
    requestsPerSecond: latencies.length / seconds,
    p50Ms: percentile(latencies, 50),
    p90Ms: percentile(latencies, 90),
    p99Ms: percentile(latencies, 99),
    maxMs: percentile(latencies, 100),
    errors: errors + non2xx + mismatches,
    non2xx,
    mismatches,
    decisionMeanMs: after.count > before.count ? ((after.sum - before.sum) / (after.count - before.count)) * 1000 : Number.NaN,
    cpuMsPerRequest: cpu / latencies.length,
    loadAverage: os.loadavg()[0] ?? 0,
    peakRssBytes: sampled.peakRssBytes,
    hwmBytes: sampled.hwmBytes,
  };
}

/** utime + stime of a process from /proc/<pid>/stat, in ms (clock ticks are 1/100 s on Linux). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

interface RawRun {
  latencies: number[];
  /** From the first request's start to the last response. */
  seconds: number;
  errors: number;
  non2xx: number;
  mismatches: number;
}

function paced(webhook: WebhookProcess, spec: AdmissionLoadSpec, rate: number): Promise<RawRun> {
  const agent = new Agent({ keepAlive: true, maxSockets: spec.connections, ca: webhook.ca });
  const url = new URL(`${webhook.url}/${spec.operation}`);
  const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(spec.body) };
  const total = Math.round(rate * spec.seconds);
  const gap = 1000 / rate;
  const run: RawRun = { latencies: [], seconds: 0, errors: 0, non2xx: 0, mismatches: 0 };
  const start = performance.now();
  let sent = 0;
  let settled = 0;
  return new Promise((resolve) => {
    const done = () => {
      if (++settled < total) return;
      run.seconds = (performance.now() - start) / 1000;
      agent.destroy();
      resolve(run);
    };
    const fire = (intended: number) => {
      const req = request(url, { method: 'POST', agent, headers }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => {
          run.latencies.push(performance.now() - intended);
          const status = response.statusCode ?? 0;
          if (status < 200 || status > 299) run.non2xx++;
          else if (!body.includes(spec.expect)) run.mismatches++;
          done();
        });
      });
      req.setTimeout(10_000, () => req.destroy(new Error('time-out')));
      req.on('error', () => {
        run.errors++;
        done();
      });
      req.end(spec.body);
    };
    const tick = () => {
      const due = Math.min(total, Math.floor((performance.now() - start) / gap) + 1);
      while (sent < due) fire(start + gap * sent++);
      if (sent < total) setTimeout(tick, 1);
    };
    tick();
  });
}

async function unthrottled(webhook: WebhookProcess, spec: AdmissionLoadSpec): Promise<RawRun> {
  const latencies: number[] = [];
  let non2xx = 0;
  let first = 0;
  let last = 0;
  const result = await (
    new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(
        {
          url: `${webhook.url}/${spec.operation}`,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: spec.body,
          connections: spec.connections,
          duration: spec.seconds,
          timeout: 10,
          tlsOptions: { ca: webhook.ca },
          verifyBody: (body) => String(body).includes(spec.expect),
        },
        (error: Error | null, outcome: autocannon.Result) => (error ? reject(error) : resolve(outcome)),
      );
      instance.on('response', (_client, statusCode, _bytes, responseTime) => {
        const now = performance.now();
        if (first === 0) first = now - responseTime;
        last = now;
        if (statusCode < 200 || statusCode > 299) non2xx++;
        latencies.push(responseTime);
      });
    })
  );
  // autocannon reports at its next 1 s tick: the run is from the first request to the last response.
  return { latencies, seconds: (last - first) / 1000, errors: result.errors + result.timeouts, non2xx, mismatches: result.mismatches };
}
