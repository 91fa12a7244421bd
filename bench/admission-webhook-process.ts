/**
 * The standalone webhook as the admission benchmark runs it: certificates from
 * `airlock admission certs` (CA + serving certificate for 127.0.0.1), an
 * admission.yaml pointing at the benchmark's Airlock server, and
 * `node dist/cli/main.js admission serve` as its own process, HTTPS on a free
 * loopback port, signed in with a viewer account. Ready when /readyz answers
 * 200 (the approved-image cache holds a fresh snapshot).
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPOSITORY_ROOT, freePort } from './servers.js';

const run = promisify(execFile);
const CLI = path.join(REPOSITORY_ROOT, 'dist', 'cli', 'main.js');

export interface WebhookProcess {
  /** `https://127.0.0.1:<port>` */
  url: string;
  pid: number;
  ca: Buffer;
  /** POST or GET over HTTPS, trusting the generated CA. */
  call(method: 'GET' | 'POST', route: string, body?: string): Promise<{ status: number; body: string }>;
  stop(): Promise<void>;
}

export interface WebhookStart {
  airlockUrl: string;
  registryHost: string;
  username: string;
  password: string;
}

export async function startWebhook(options: WebhookStart): Promise<WebhookProcess> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'airlock-admission-bench-'));
  const certs = path.join(dir, 'certs');
  await run(process.execPath, [CLI, 'admission', 'certs', '--service', 'airlock-webhook', '--namespace', 'airlock', '--out-dir', certs, '--host', '127.0.0.1']);
  const port = await freePort();
  const config = path.join(dir, 'admission.yaml');
  await writeFile(
    config,
    [
      `listen: 127.0.0.1:${port}`,
      `tls: { certFile: ${path.join(certs, 'tls.crt')}, keyFile: ${path.join(certs, 'tls.key')} }`,
      `airlock: { url: ${options.airlockUrl}, registryHost: ${options.registryHost} }`,
      // Everything else as documented (docs/admission-webhook.md); the request log off, as in production at info it is not.
      'log: { level: warn }',
      '',
    ].join('\n'),
  );
  const child = spawn(process.execPath, [CLI, 'admission', 'serve', '--config', config], {
    cwd: dir,
    env: { ...process.env, AIRLOCK_ADMISSION_USERNAME: options.username, AIRLOCK_ADMISSION_PASSWORD: options.password },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error('the webhook did not start');
  // stdout carries the audit JSON lines (1 % of allowed decisions): read and keep only the tail.
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-8_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stopping = false;
  child.once('exit', (code, signal) => {
    if (!stopping) console.error(`the webhook exited unexpectedly (${code ?? signal}):\n${output}`);
  });
  const ca = await readFile(path.join(certs, 'ca.crt'));
  const url = `https://127.0.0.1:${port}`;
  const call: WebhookProcess['call'] = (method, route, body) =>
    new Promise((resolve, reject) => {
      const req = request(`${url}${route}`, { method, ca, headers: body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  const stop = async () => {
    stopping = true;
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
    await rm(dir, { recursive: true, force: true });
  };
  process.once('exit', () => child.kill('SIGKILL'));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the webhook exited with ${child.exitCode} while starting:\n${output}`);
    const ready = await call('GET', '/readyz').catch(() => undefined);
    if (ready?.status === 200) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the webhook did not become ready on ${url}: ${ready?.body ?? 'not listening'}\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, pid: child.pid, ca, call, stop };
}

/** Sum and count of airlock_admission_duration_seconds for `operation`, from the webhook's /metrics. */
export async function decisionTotals(webhook: WebhookProcess, operation: string): Promise<{ sum: number; count: number }> {
  const { body } = await webhook.call('GET', '/metrics');
  const value = (series: string) => Number(new RegExp(`^airlock_admission_duration_seconds_${series}\\{operation="${operation}"\\} (\\S+)$`, 'm').exec(body)?.[1] ?? 0);
  return { sum: value('sum'), count: value('count') };
}
