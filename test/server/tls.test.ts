/** HTTPS with a certificate from files: real clients verify it, and errors name the configuration key. */
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { createServer } from '../../src/server/index.js';
import { ADMIN, startAirlock, type TestAirlock } from '../helpers/airlock.js';
import { skopeo } from '../helpers/skopeo.js';

const run = promisify(execFile);
let dir: string;
let airlock: TestAirlock;
let ca: Buffer;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'airlock-tls-'));
  await mkdir(path.join(dir, 'trust'));
  await run('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=airlock-test',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', path.join(dir, 'tls.key'), '-out', path.join(dir, 'tls.crt')]);
  // skopeo's cert dir holds only what the client trusts (a .key there would be taken for a client certificate).
  await copyFile(path.join(dir, 'tls.crt'), path.join(dir, 'trust', 'ca.crt'));
  ca = await readFile(path.join(dir, 'tls.crt'));
  airlock = await startAirlock({ config: { tls: { certFile: path.join(dir, 'tls.crt'), keyFile: path.join(dir, 'tls.key') } } });
});
afterAll(async () => {
  await airlock.close();
  await rm(dir, { recursive: true, force: true });
});

/** An HTTPS request that trusts only the test certificate. */
function httpsRequest(url: string, init: { method?: string; body?: string; authorization?: string } = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': 'application/json', ...(init.authorization ? { authorization: init.authorization } : {}) };
    request(url, { ca, method: init.method ?? 'GET', headers }, (response) => {
      response.resume();
      resolve({ status: response.statusCode ?? 0, headers: response.headers });
    })
      .on('error', reject)
      .end(init.body);
  });
}

describe('TLS', () => {
  it('serves HTTPS and names an https token realm', async () => {
    const response = await httpsRequest(`${airlock.url}/v2/`);
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toContain(`realm="https://${airlock.host}/auth/token"`);
  });

  it('lets skopeo push with certificate verification on', async () => {
    const authorization = `Basic ${Buffer.from(`${ADMIN.username}:${ADMIN.password}`).toString('base64')}`;
    const team = (await httpsRequest(`${airlock.url}/api/v1/teams`, { method: 'POST', body: '{"name":"tls"}', authorization })).status;
    expect(team).toBe(201);
    const layout = path.join(inject('testImagesDir'), 'oci');
    await skopeo(['copy', '--dest-cert-dir', path.join(dir, 'trust'), '--dest-creds', `${ADMIN.username}:${ADMIN.password}`, `oci:${layout}:debian`, `docker://${airlock.host}/quarantine/tls/debian:12`]);
    const inspected = await skopeo(['inspect', '--cert-dir', path.join(dir, 'trust'), '--creds', `${ADMIN.username}:${ADMIN.password}`, `docker://${airlock.host}/quarantine/tls/debian:12`]);
    expect(JSON.parse(inspected.stdout).RepoTags).toEqual(['12']);
  });

  it('refuses to start on an unreadable or non-PEM certificate, naming the key', async () => {
    const notPem = path.join(dir, 'not-pem.crt');
    await writeFile(notPem, 'hello');
    const base = { dataDir: path.join(dir, 'data'), listen: '127.0.0.1:0', adminPassword: ADMIN.password };
    await expect(createServer(loadConfig({ env: {}, overrides: { ...base, tls: { certFile: path.join(dir, 'missing.crt'), keyFile: path.join(dir, 'tls.key') } } }))).rejects.toThrow(/tls\.certFile: cannot read .*missing\.crt \(ENOENT\)/);
    await expect(createServer(loadConfig({ env: {}, overrides: { ...base, tls: { certFile: notPem, keyFile: path.join(dir, 'tls.key') } } }))).rejects.toThrow(/tls\.certFile: .*not-pem\.crt is not a PEM file/);
    expect(() => loadConfig({ env: {}, overrides: { ...base, tls: { certFile: notPem } } })).toThrow(/tls\.keyFile/);
  });
});
