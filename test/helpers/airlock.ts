/**
 * Starts a real Airlock server in this process on a free loopback port, with a
 * temporary data directory, and offers the few API calls most tests need.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/index.js';
import { createServer, type AirlockServer } from '../../src/server/index.js';
import { createPostgresDatabase, type DatabaseEngine } from './test-database.js';

export const ADMIN = { username: 'admin', password: 'admin-password-for-tests' } as const;

export interface TestAirlockOptions {
  engine?: DatabaseEngine;
  /** Extra configuration (airlock.yaml keys). */
  config?: Record<string, unknown>;
  clock?: () => number;
  /** What the server sees as its environment (a mirror catalog's credentialsEnv). */
  environment?: Record<string, string>;
}

export interface TestAirlock {
  server: AirlockServer;
  /** http://127.0.0.1:<port> */
  url: string;
  /** 127.0.0.1:<port>, for image references */
  host: string;
  dataDir: string;
  api<T = unknown>(method: string, apiPath: string, body?: unknown, auth?: Credentials): Promise<{ status: number; body: T }>;
  createTeam(name: string): Promise<void>;
  createUser(username: string, role?: string, teams?: Array<{ team: string; role: string }>): Promise<Credentials>;
  createToken(team: string, role: 'ci' | 'puller', expires?: string): Promise<{ id: string; token: string }>;
  close(): Promise<void>;
}

export type Credentials = { username: string; password: string };

export function basicAuth(credentials: Credentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}

export async function startAirlock(options: TestAirlockOptions = {}): Promise<TestAirlock> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'airlock-test-'));
  const databaseUrl = options.engine === 'postgres' ? await createPostgresDatabase() : undefined;
  const config = loadConfig({
    env: {},
    // Gate workers only where a test asks for them: the registry suites push thousands of throwaway images.
    overrides: { dataDir, listen: '127.0.0.1:0', adminPassword: ADMIN.password, log: { level: 'warn' }, gate: { workers: 0 }, ...(databaseUrl ? { databaseUrl } : {}), ...options.config },
  });
  const server = await createServer(config, { clock: options.clock, logger: false, environment: (name) => options.environment?.[name] });
  await server.app.listen({ host: '127.0.0.1', port: 0 });
  const address = server.app.server.address();
  if (!address || typeof address !== 'object') throw new Error('server has no address');
  const host = `127.0.0.1:${address.port}`;
  const url = `${options.config?.tls ? 'https' : 'http'}://${host}`;

  const api = async <T>(method: string, apiPath: string, body?: unknown, auth: Credentials = ADMIN) => {
    const response = await fetch(`${url}/api/v1${apiPath}`, {
      method,
      headers: { authorization: basicAuth(auth), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  };
  const expectOk = <T>(result: { status: number; body: T }, what: string): T => {
    if (result.status >= 300) throw new Error(`${what} failed: ${result.status} ${JSON.stringify(result.body)}`);
    return result.body;
  };

  return {
    server,
    url,
    host,
    dataDir,
    api,
    async createTeam(name) {
      expectOk(await api('POST', '/teams', { name }), `create team ${name}`);
    },
    async createUser(username, role = 'developer', teams = []) {
      const password = `${username}-password-123`;
      expectOk(await api('POST', '/users', { username, password, role, teams }), `create user ${username}`);
      return { username, password };
    },
    async createToken(team, role, expires) {
      return expectOk(await api<{ id: string; token: string }>('POST', '/tokens', { team, role, expires }), `create ${role} token`);
    },
    async close() {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
