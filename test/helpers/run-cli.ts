/** Runs the real `airlock` entry point (through tsx) as a user would, capturing exit code and output. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { REPOSITORY_ROOT } from './test-images.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `env` is the whole environment besides PATH: nothing leaks in from the test process. */
export function runCli(args: readonly string[], env: Record<string, string> = {}, stdin?: string): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', path.join(REPOSITORY_ROOT, 'src/cli/main.ts'), ...args],
      { cwd: REPOSITORY_ROOT, env: { PATH: process.env.PATH ?? '', ...env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    if (stdin !== undefined) child.stdin?.end(stdin);
  });
}
