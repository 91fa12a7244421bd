/** What operators rely on: health and readiness probes, Prometheus metrics, request ids, logs without secrets. */
import { mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, basicAuth } from '../helpers/airlock.js';
import { spawnAirlock, type AirlockProcess } from '../helpers/airlock-process.js';
import { RegistryClient } from '../helpers/registry-client.js';

let server: AirlockProcess;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'airlock-ops-'));
  // No gate workers: a judged push would add its scan reports to the blob count asserted below.
  server = await spawnAirlock(dataDir, { env: { AIRLOCK_GATE_WORKERS: '0' } });
});
afterAll(async () => {
  await server.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('operations', () => {
  it('answers health and readiness, and reports storage trouble as not ready', async () => {
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${server.url}/readyz`)).json()).toEqual({ status: 'ready' });
    const uploads = path.join(dataDir, 'storage', 'uploads');
    await rename(uploads, `${uploads}.moved`);
    try {
      const notReady = await fetch(`${server.url}/readyz`);
      expect(notReady.status).toBe(503);
      expect(((await notReady.json()) as { failures: Record<string, string> }).failures.storage).toContain('ENOENT');
    } finally {
      await rename(`${uploads}.moved`, uploads);
    }
  });

  it('counts requests, latency, bytes and blobs in Prometheus format', async () => {
    const team = await fetch(`${server.url}/api/v1/teams`, { method: 'POST', headers: { authorization: basicAuth(ADMIN), 'content-type': 'application/json' }, body: '{"name":"ops"}' });
    expect(team.status).toBe(201);
    const client = new RegistryClient(server.url, basicAuth(ADMIN));
    const image = await client.pushImage('quarantine/ops/app', '1', { layerSize: 10_000 });
    await (await client.request('GET', '/v2/quarantine/ops/app/manifests/1')).arrayBuffer();
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/airlock_http_requests_total\{route="registry.manifest",method="PUT",status="201"\} 1/);
    expect(metrics).toMatch(/airlock_http_requests_total\{route="registry.upload",method="POST",status="201"\} 2/);
    expect(metrics).toMatch(/airlock_http_request_duration_seconds_count\{route="registry.manifest",method="GET"\} 1/);
    expect(metrics).toMatch(/airlock_http_request_duration_seconds_bucket\{le="60",route="registry.manifest",method="GET"\} 1/);
    const received = Number(/airlock_registry_bytes_received_total (\d+)/.exec(metrics)?.[1]);
    expect(received).toBe(image.blobs.reduce((sum, blob) => sum + blob.length, 0) + JSON.stringify(image.manifest).length);
    expect(metrics).toMatch(/airlock_registry_blobs_stored\{measure="count"\} 2/);
    expect(metrics).toContain('airlock_process_resident_memory_bytes');
  });

  it('tags every response with a request id, honouring one the client sends', async () => {
    const generated = await fetch(`${server.url}/healthz`);
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const given = await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': 'trace-1234' } });
    expect(given.headers.get('x-request-id')).toBe('trace-1234');
    await server.waitForOutput('"reqId":"trace-1234"');
  });

  it('never writes passwords or tokens to the log', async () => {
    const token = await fetch(`${server.url}/api/v1/tokens`, { method: 'POST', headers: { authorization: basicAuth(ADMIN), 'content-type': 'application/json' }, body: '{"team":"ops","role":"ci"}' });
    const { token: secret } = (await token.json()) as { token: string };
    await fetch(`${server.url}/v2/`, { headers: { authorization: basicAuth({ username: 'ci', password: secret }) } });
    await fetch(`${server.url}/v2/`, { headers: { authorization: basicAuth({ username: 'admin', password: 'a-wrong-password-xyz' }) } });
    // Last, so that once it is logged every earlier request is too.
    await fetch(`${server.url}/auth/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'password', username: 'admin', password: ADMIN.password }) });
    await server.waitForOutput('"url":"/auth/token"');
    const log = server.output();
    for (const secretText of [ADMIN.password, secret, secret.slice(21), 'a-wrong-password-xyz', Buffer.from(`ci:${secret}`).toString('base64')]) {
      expect(log).not.toContain(secretText);
    }
  });

  it('stops cleanly on SIGTERM', async () => {
    const otherDir = await mkdtemp(path.join(tmpdir(), 'airlock-ops-term-'));
    const other = await spawnAirlock(otherDir);
    await other.stop('SIGTERM');
    await rm(otherDir, { recursive: true, force: true });
    expect(other.child.exitCode).toBe(0);
    expect(other.output()).toContain('shutting down');
  });
});
