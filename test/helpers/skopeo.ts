/** Runs Debian's skopeo, a real OCI client, against test servers. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface SkopeoResult {
  stdout: string;
  stderr: string;
}

export async function skopeo(args: string[], env: Record<string, string> = {}): Promise<SkopeoResult> {
  try {
    return await run('skopeo', args, { env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024, timeout: 300_000 });
  } catch (error) {
    const failure = error as Error & { stderr?: string };
    throw new Error(`skopeo ${args.join(' ')} failed: ${failure.stderr ?? failure.message}`);
  }
}

/** Like skopeo(), but for commands expected to fail: returns stderr. */
export async function skopeoFailure(args: string[], env: Record<string, string> = {}): Promise<string> {
  try {
    await run('skopeo', args, { env: { ...process.env, ...env }, timeout: 120_000 });
  } catch (error) {
    return (error as Error & { stderr?: string }).stderr ?? String(error);
  }
  throw new Error(`skopeo ${args.join(' ')} succeeded but was expected to fail`);
}

export function creds(username: string, password: string): string[] {
  return ['--creds', `${username}:${password}`];
}
