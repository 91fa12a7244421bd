/**
 * A real admission webhook for tests: certificates from `airlock admission certs`
 * (the CLI, through tsx), admission.yaml written and loaded as `airlock admission
 * serve` loads it, the server on a free loopback port over HTTPS, syncing from a
 * real Airlock with a viewer account. Requests go over TLS, checked against the
 * generated CA, as the API server sends them.
 */
import { request } from 'node:https';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'vitest';
import { stringify } from 'yaml';
import { createAdmissionServer, type AdmissionServer } from '../../src/admission/index.js';
import { loadAdmissionConfig } from '../../src/config/index.js';
import { runCli } from './run-cli.js';

export interface TestWebhook {
  url: string;
  server: AdmissionServer;
  ca: Buffer;
  /** JSON lines the audit sink wrote. */
  auditLines: string[];
  post(path: string, body: string | Buffer, headers?: Record<string, string>): Promise<HttpsAnswer>;
  get(path: string): Promise<HttpsAnswer>;
  close(): Promise<void>;
}

export interface HttpsAnswer {
  status: number;
  text: string;
  json<T = AdmissionAnswer>(): T;
}

export interface AdmissionAnswer {
  apiVersion: string;
  kind: string;
  response: { uid: string; allowed: boolean; status?: { code: number; reason?: string; message: string }; warnings?: string[]; patchType?: string; patch?: string; auditAnnotations?: Record<string, string> };
}

/** Runs `airlock admission certs` into `dir` (with 127.0.0.1 as an extra name); returns the caBundle it printed. */
export async function makeCertificates(dir: string): Promise<string> {
  const result = await runCli(['admission', 'certs', '--service', 'airlock-webhook', '--namespace', 'airlock', '--out-dir', dir, '--host', '127.0.0.1', '--host', 'localhost']);
  if (result.code !== 0) throw new Error(`admission certs failed: ${result.stderr}`);
  return result.stdout.trim();
}

export async function startWebhook(options: { dir: string; airlockUrl: string; credentials: { username: string; password: string }; config?: Record<string, unknown>; waitForSync?: boolean }): Promise<TestWebhook> {
  const document = {
    listen: '127.0.0.1:0',
    tls: { certFile: path.join(options.dir, 'tls.crt'), keyFile: path.join(options.dir, 'tls.key') },
    airlock: { url: options.airlockUrl },
    sync: { interval: '200ms', maxBackoff: '1s', timeout: '5s' },
    ...options.config,
  };
  const file = path.join(options.dir, `admission-${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(file, stringify(document));
  const config = loadAdmissionConfig(file);
  const auditLines: string[] = [];
  const server = await createAdmissionServer({ config, credentials: options.credentials, logger: false, auditWrite: (line) => auditLines.push(line) });
  await server.app.listen({ host: '127.0.0.1', port: 0 });
  if (options.waitForSync !== false) await server.sync.ready();
  const port = (server.app.server.address() as { port: number }).port;
  const ca = await readFile(path.join(options.dir, 'ca.crt'));
  const url = `https://127.0.0.1:${port}`;
  return {
    url,
    server,
    ca,
    auditLines,
    post: (target, body, headers = { 'content-type': 'application/json' }) => httpsCall(url, ca, 'POST', target, body, headers),
    get: (target) => httpsCall(url, ca, 'GET', target),
    close: () => server.close(),
  };
}

export function httpsCall(base: string, ca: Buffer, method: string, target: string, body?: string | Buffer, headers: Record<string, string> = {}): Promise<HttpsAnswer> {
  return new Promise((resolve, reject) => {
    const call = request(new URL(target, base), { method, ca, headers: { ...headers, ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }) } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: response.statusCode ?? 0, text, json: <T>() => JSON.parse(text) as T });
      });
      response.on('error', reject);
    });
    call.on('error', reject);
    call.end(body);
  });
}

/** An AdmissionReview v1 for `object` of `kind`. */
export function admissionReview(kind: { group: string; version: string; kind: string }, object: unknown, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: { uid: `uid-${Math.random().toString(36).slice(2, 10)}`, kind, resource: { group: kind.group, version: kind.version, resource: `${kind.kind.toLowerCase()}s` }, namespace: 'team-a', operation: 'CREATE', userInfo: { username: 'alice@example.com' }, object, ...extra },
  });
}

export const KINDS = {
  pod: { group: '', version: 'v1', kind: 'Pod' },
  deployment: { group: 'apps', version: 'v1', kind: 'Deployment' },
  cronJob: { group: 'batch', version: 'v1', kind: 'CronJob' },
} as const;

export function podOf(images: Record<string, string>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'team-a' }, spec: { containers: Object.entries(images).map(([name, image]) => ({ name, image })), ...extra } };
}

export function deploymentOf(images: Record<string, string>): Record<string, unknown> {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'team-a' }, spec: { template: { metadata: { labels: { app: 'd' } }, spec: { containers: Object.entries(images).map(([name, image]) => ({ name, image })) } } } };
}

export function cronJobOf(images: Record<string, string>): Record<string, unknown> {
  return { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c', namespace: 'team-a' }, spec: { schedule: '0 * * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: Object.entries(images).map(([name, image]) => ({ name, image })) } } } } } };
}

/** The JSON Patch of a mutate answer. */
export function patchOf(answer: AdmissionAnswer): Array<{ op: string; path: string; value: string }> {
  if (!answer.response.patch) return [];
  expect(answer.response.patchType).toBe('JSONPatch');
  return JSON.parse(Buffer.from(answer.response.patch, 'base64').toString('utf8')) as Array<{ op: string; path: string; value: string }>;
}
