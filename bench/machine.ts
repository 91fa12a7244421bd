/** What the benchmark ran on, recorded next to the numbers. */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DOCKER_REGISTRY_BIN, REPOSITORY_ROOT } from './servers.js';
import { SKOPEO_BIN } from './skopeo-transfer.js';
import { MiB } from './statistics.js';

const run = promisify(execFile);

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryBytes: number;
  kernel: string;
  node: string;
  airlock: string;
  dockerRegistry: string;
  skopeo: string;
}

/** The machine table's opening rows (header, CPU, memory, OS, Node.js, Airlock); each report adds its own tools. */
export function machineTableRows(m: MachineInfo): string[] {
  return [
    '| machine | |',
    '|---|---|',
    `| CPU | ${m.cores} × ${m.cpu} |`,
    `| memory | ${(m.memoryBytes / 1024 / MiB).toFixed(1)} GiB |`,
    `| OS | ${m.kernel} |`,
    `| Node.js | ${m.node} |`,
    `| Airlock | ${m.airlock} |`,
  ];
}

export async function describeMachine(): Promise<MachineInfo> {
  const cpus = os.cpus();
  const pkg = JSON.parse(await readFile(path.join(REPOSITORY_ROOT, 'package.json'), 'utf8')) as { version: string };
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryBytes: os.totalmem(),
    kernel: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    airlock: `${pkg.version} (HEAD ${await output('git', ['rev-parse', '--short', 'HEAD'])} + working tree)`,
    dockerRegistry: await output(DOCKER_REGISTRY_BIN, ['--version']),
    skopeo: await output(SKOPEO_BIN, ['--version']),
  };
}

async function output(command: string, args: string[]): Promise<string> {
  try {
    return (await run(command, args, { cwd: REPOSITORY_ROOT })).stdout.trim();
  } catch (error) {
    return `unknown (${(error as Error).message.split('\n')[0] ?? ''})`;
  }
}
