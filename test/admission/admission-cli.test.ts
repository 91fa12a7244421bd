/** `airlock admission certs` and `airlock admission serve`, run as a user runs them. */
import { spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { waitFor } from '../../src/events/webhook-receiver-harness.js';
import { startAirlock, type Credentials, type TestAirlock } from '../helpers/airlock.js';
import { KINDS, admissionReview, httpsCall, makeCertificates, podOf, type AdmissionAnswer } from '../helpers/admission-webhook.js';
import { freePort } from '../helpers/postgres-server.js';
import { runCli } from '../helpers/run-cli.js';
import { REPOSITORY_ROOT } from '../helpers/test-images.js';

let dir: string;
let airlock: TestAirlock;
let viewer: Credentials;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'airlock-admission-cli-'));
  airlock = await startAirlock();
  viewer = await airlock.createUser('webhook', 'viewer');
});
afterAll(async () => {
  await airlock?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('airlock admission certs', () => {
  it('prints the caBundle of the CA that signed the serving certificate', async () => {
    const caBundle = await makeCertificates(path.join(dir, 'certs'));
    const ca = new X509Certificate(Buffer.from(caBundle, 'base64'));
    const serving = new X509Certificate(await readFile(path.join(dir, 'certs', 'tls.crt')));
    expect(serving.checkIssued(ca)).toBe(true);
    expect(serving.subjectAltName).toContain('DNS:airlock-webhook.airlock.svc');
    const json = await runCli(['--json', 'admission', 'certs', '--service', 'airlock-webhook', '--namespace', 'airlock', '--out-dir', path.join(dir, 'certs')]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ caBundle, reusedCa: true, certFile: path.join(dir, 'certs', 'tls.crt') });
  });

  it('refuses bad names and options', async () => {
    const bad = await runCli(['admission', 'certs', '--service', 'Web_Hook', '--namespace', 'airlock', '--out-dir', dir]);
    expect(bad).toMatchObject({ code: 1, stderr: expect.stringContaining('service "Web_Hook" is not a Kubernetes name') });
    expect((await runCli(['admission', 'certs', '--service', 'w', '--namespace', 'n', '--days', '0', '--out-dir', dir])).code).toBe(2);
    expect((await runCli(['admission', 'certs', '--namespace', 'n'])).code).toBe(2);
  });
});

describe('airlock admission serve', () => {
  it('says what is missing before it starts', async () => {
    expect(await runCli(['admission', 'serve'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--config admission.yaml') });
    const file = path.join(dir, 'incomplete.yaml');
    await writeFile(file, stringify({ airlock: { url: 'ftp://nowhere' }, failureMode: 'maybe' }));
    const invalid = await runCli(['admission', 'serve', '--config', file]);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/tls: /);
    expect(invalid.stderr).toMatch(/airlock\.url: /);
    expect(invalid.stderr).toMatch(/failureMode: /);
  });

  it('serves HTTPS from the generated certificates, synced from Airlock, until SIGTERM', async () => {
    const certs = path.join(dir, 'serve-certs');
    await makeCertificates(certs);
    const port = await freePort();
    const file = path.join(dir, 'admission.yaml');
    await writeFile(file, stringify({ listen: `127.0.0.1:${port}`, tls: { certFile: path.join(certs, 'tls.crt'), keyFile: path.join(certs, 'tls.key') }, airlock: { url: airlock.url }, sync: { interval: '200ms' }, log: { level: 'warn' } }));
    expect(await runCli(['admission', 'serve', '--config', file])).toMatchObject({ code: 2, stderr: expect.stringContaining('set AIRLOCK_ADMISSION_USERNAME and AIRLOCK_ADMISSION_PASSWORD') });

    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPOSITORY_ROOT, 'src/cli/main.ts'), 'admission', 'serve', '--config', file], {
      cwd: REPOSITORY_ROOT,
      env: { PATH: process.env.PATH ?? '', AIRLOCK_ADMISSION_USERNAME: viewer.username, AIRLOCK_ADMISSION_PASSWORD: viewer.password },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const base = `https://127.0.0.1:${port}`;
      const ca = await readFile(path.join(certs, 'ca.crt'));
      await waitFor('the webhook to be ready', async () => (await httpsCall(base, ca, 'GET', '/readyz').catch(() => undefined))?.status === 200 || undefined, 30_000).catch((error: unknown) => {
        throw new Error(`${(error as Error).message}; the webhook said:\n${output.slice(-3000)}`);
      });
      const answer = (await httpsCall(base, ca, 'POST', '/validate', admissionReview(KINDS.pod, podOf({ app: 'nginx' })), { 'content-type': 'application/json' })).json<AdmissionAnswer>();
      expect(answer.response).toMatchObject({ allowed: false, status: { message: expect.stringContaining('[image-registry] container app: image nginx') } });
      await waitFor('the denial as a JSON line on stdout', () => output.includes('"type":"airlock.admission"') || undefined, 5_000);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited, output).toBe(0);
  });
});
