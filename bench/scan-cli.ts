/**
 * One `airlock scan` as a child process (`node dist/cli/main.js scan <target>
 * --format json --output <file> --data-dir <dir>`), timed from spawn to exit,
 * with its memory read from /proc/<pid>/status: VmRSS and VmHWM sampled every
 * 20 ms from outside, and VmHWM once more from inside the process as it exits
 * (an `--import` hook), so a spike in the last milliseconds (writing the
 * report) is not missed: /proc/<pid> is gone once the child has been reaped.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readMemory } from './rss-sampler.js';
import { REPOSITORY_ROOT } from './servers.js';
import { CLI } from './scan-vulndb.js';

export interface ScanRun {
  seconds: number;
  /** The kernel's resident high-water mark of the scanning process over its whole life. */
  hwmBytes: number;
  /** Highest VmRSS the 20 ms samples saw (a lower bound of hwmBytes). */
  peakRssBytes: number;
  packages: number;
  findings: number;
  /** The report's `errors` (warnings included), as the scanner wrote them. */
  errors: string[];
}

const SAMPLE_MS = 20;

export async function scanOnce(target: string, dataDir: string): Promise<ScanRun> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'airlock-scan-run-'));
  const reportFile = path.join(work, 'report.json');
  const hwmFile = path.join(work, 'vmhwm');
  try {
    const args = ['--import', exitHook(hwmFile), CLI, 'scan', target, '--format', 'json', '--output', reportFile, '--data-dir', dataDir, '--no-progress'];
    const { seconds, sampled } = await runSampled(args);
    const report = JSON.parse(await readFile(reportFile, 'utf8')) as { packages: unknown[]; vulnerabilities: unknown[]; errors: string[] };
    const inside = Number(await readFile(hwmFile, 'utf8')) * 1024;
    return {
      seconds,
      hwmBytes: Math.max(inside, sampled.hwmBytes),
      peakRssBytes: sampled.rssBytes,
      packages: report.packages.length,
      findings: report.vulnerabilities.length,
      errors: report.errors,
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Wall time of `node dist/cli/main.js --version`: process start-up and module loading, the fixed cost of every CLI scan. */
export async function cliStartupSeconds(): Promise<number> {
  return (await runSampled([CLI, '--version'])).seconds;
}

async function runSampled(args: string[]): Promise<{ seconds: number; sampled: { rssBytes: number; hwmBytes: number } }> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: REPOSITORY_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not start the airlock CLI');
  const sampled = { rssBytes: 0, hwmBytes: 0 };
  const sample = () => {
    try {
      const memory = readMemory(pid);
      sampled.rssBytes = Math.max(sampled.rssBytes, memory.rssBytes);
      sampled.hwmBytes = Math.max(sampled.hwmBytes, memory.hwmBytes);
    } catch {
      // The process has just exited; its exit hook has the last word.
    }
  };
  const timer = setInterval(sample, SAMPLE_MS);
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', resolve);
    });
    const seconds = (performance.now() - started) / 1000;
    if (code !== 0) throw new Error(`airlock ${args.slice(-10).join(' ')} exited with ${code}: ${stderr.trim()}`);
    return { seconds, sampled };
  } finally {
    clearInterval(timer);
  }
}

/** An ES module, as a data: URL, that writes the process's own VmHWM (kB) to `file` when it exits. */
function exitHook(file: string): string {
  const source = [
    "import { readFileSync, writeFileSync } from 'node:fs';",
    "process.on('exit', () => {",
    "  const match = /^VmHWM:\\s+(\\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));",
    `  if (match) writeFileSync(${JSON.stringify(file)}, match[1]);`,
    '});',
  ].join('\n');
  return `data:text/javascript,${encodeURIComponent(source)}`;
}
