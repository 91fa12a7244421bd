/**
 * Runs Airlock as a separate process (the real CLI entry point, through tsx),
 * for tests that kill it or restart it on the same data directory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ADMIN } from './airlock.js';
import { freePort } from './postgres-server.js';
import { REPOSITORY_ROOT } from './test-images.js';

export interface AirlockProcess {
  url: string;
  host: string;
  child: ChildProcess;
  output(): string;
  /** Waits (up to 5 s) until the process has logged `text`; logs reach us asynchronously. */
  waitForOutput(text: string): Promise<void>;
  /** Sends a signal and waits for the process to exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export async function spawnAirlock(dataDir: string, options: { port?: number; env?: Record<string, string> } = {}): Promise<AirlockProcess> {
  const port = options.port ?? (await freePort());
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPOSITORY_ROOT, 'src', 'cli', 'main.ts'), 'serve'], {
    cwd: REPOSITORY_ROOT,
    env: {
      ...process.env,
      AIRLOCK_DATA_DIR: dataDir,
      AIRLOCK_LISTEN: `127.0.0.1:${port}`,
      AIRLOCK_ADMIN_PASSWORD: ADMIN.password,
      AIRLOCK_LOG_LEVEL: 'info',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  await waitForHealthy(url, child, () => output);
  return {
    url,
    host: `127.0.0.1:${port}`,
    child,
    output: () => output,
    async waitForOutput(text) {
      for (let waited = 0; !output.includes(text); waited += 20) {
        if (waited > 5000) throw new Error(`airlock never logged ${text}:\n${output.slice(-2000)}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

async function waitForHealthy(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`airlock exited with ${child.exitCode}:\n${output()}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`airlock did not become healthy:\n${output()}`);
}
