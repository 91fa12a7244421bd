/**
 * Starts and stops the two registries the benchmark compares, each as its own
 * child process on a free loopback port with a fresh data directory: Airlock
 * (the built CLI, `node dist/cli/main.js serve`) and Debian's docker-registry
 * (CNCF distribution 2.8) with a generated config.yml.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const REPOSITORY_ROOT = path.resolve(import.meta.dirname, '..');
export const DOCKER_REGISTRY_BIN = '/usr/bin/docker-registry';
const ADMIN_PASSWORD = 'bench-admin-password-0123';
const BENCH_TEAM = 'bench';

export type ServerKind = 'airlock' | 'docker-registry';

export interface BenchServer {
  readonly kind: ServerKind;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** `127.0.0.1:<port>`, as skopeo's `docker://` references want it. */
  readonly host: string;
  readonly pid: number;
  /** Headers every request needs (Authorization for Airlock, none for docker-registry). */
  readonly headers: Readonly<Record<string, string>>;
  /** `user:password` for skopeo, or undefined when the server needs none. */
  readonly credentials: string | undefined;
  /** Where a benchmark may push `app`: `quarantine/bench/<app>` on Airlock, `bench/<app>` on docker-registry. */
  repository(app: string): string;
  stop(): Promise<void>;
}

export type ServerFactory = () => Promise<BenchServer>;

export const SERVER_FACTORIES: Readonly<Record<ServerKind, ServerFactory>> = {
  airlock: () => startAirlock(),
  'docker-registry': startDockerRegistry,
};

const running = new Set<ChildProcess>();
// A crashed or interrupted benchmark must not leave servers behind.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export interface AirlockStartOptions {
  /** Fills the fresh data directory before the server starts (the gate benchmark copies in imported advisories). */
  prepare?: (dataDir: string) => Promise<void>;
  /** airlock.yaml written into the data directory and passed with AIRLOCK_CONFIG. */
  config?: string;
}

export async function startAirlock(options: AirlockStartOptions = {}): Promise<BenchServer> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'airlock-bench-'));
  await options.prepare?.(dataDir);
  const configFile = path.join(dataDir, 'airlock.yaml');
  if (options.config !== undefined) await writeFile(configFile, options.config);
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(REPOSITORY_ROOT, 'dist', 'cli', 'main.js'), 'serve'], {
    cwd: REPOSITORY_ROOT,
    env: {
      ...process.env,
      AIRLOCK_DATA_DIR: dataDir,
      AIRLOCK_ADMIN_PASSWORD: ADMIN_PASSWORD,
      AIRLOCK_LISTEN: `127.0.0.1:${port}`,
      AIRLOCK_LOG_LEVEL: 'warn',
      ...(options.config !== undefined ? { AIRLOCK_CONFIG: configFile } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const credentials = `admin:${ADMIN_PASSWORD}`;
  const headers = { authorization: `Basic ${Buffer.from(credentials).toString('base64')}` };
  const server = await supervise('airlock', child, port, dataDir, headers, credentials, (app) => `quarantine/${BENCH_TEAM}/${app}`);
  await waitUntilReady(server, child, '/healthz');
  const created = await fetch(`${server.url}/api/v1/teams`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ name: BENCH_TEAM }),
  });
  if (!created.ok) throw new Error(`creating team ${BENCH_TEAM} failed: ${created.status} ${await created.text()}`);
  return server;
}

export async function startDockerRegistry(): Promise<BenchServer> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'docker-registry-bench-'));
  const port = await freePort();
  const configFile = path.join(dataDir, 'config.yml');
  await writeFile(configFile, dockerRegistryConfig(path.join(dataDir, 'storage'), port));
  const child = spawn(DOCKER_REGISTRY_BIN, ['serve', configFile], { cwd: dataDir, stdio: ['ignore', 'pipe', 'pipe'] });
  const server = await supervise('docker-registry', child, port, dataDir, {}, undefined, (app) => `${BENCH_TEAM}/${app}`);
  await waitUntilReady(server, child, '/v2/');
  return server;
}

/**
 * The documented filesystem setup with no auth. The in-memory blob descriptor
 * cache is on, as in Debian's shipped /etc/docker/registry/config.yml, so the
 * baseline is docker-registry as it is usually run; access logs are off
 * because Airlock at level `warn` writes none either.
 */
function dockerRegistryConfig(root: string, port: number): string {
  return [
    'version: 0.1',
    'log:',
    '  level: error',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  cache:',
    '    blobdescriptor: inmemory',
    '  filesystem:',
    `    rootdirectory: ${root}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: 127.0.0.1:${port}`,
    '',
  ].join('\n');
}

async function supervise(
  kind: ServerKind,
  child: ChildProcess,
  port: number,
  dataDir: string,
  headers: Record<string, string>,
  credentials: string | undefined,
  repository: (app: string) => string,
): Promise<BenchServer> {
  if (child.pid === undefined) throw new Error(`${kind} did not start`);
  running.add(child);
  let stopping = false;
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-8_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', (code, signal) => {
    running.delete(child);
    if (!stopping && (code !== 0 || signal !== null)) console.error(`${kind} exited unexpectedly (${code ?? signal}):\n${output}`);
  });
  return {
    kind,
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    pid: child.pid,
    headers,
    credentials,
    repository,
    async stop() {
      stopping = true;
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function waitUntilReady(server: BenchServer, child: ChildProcess, probe: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${server.kind} exited with ${child.exitCode} while starting`);
    try {
      if ((await fetch(`${server.url}${probe}`, { headers: server.headers })).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await server.stop();
  throw new Error(`${server.kind} did not become ready on ${server.url}`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Starts a fresh server of `kind`, runs `work` against it and always stops it. */
export async function withServer<T>(kind: ServerKind, work: (server: BenchServer) => Promise<T>): Promise<T> {
  const server = await SERVER_FACTORIES[kind]();
  try {
    return await work(server);
  } finally {
    await server.stop();
  }
}
