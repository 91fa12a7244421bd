/**
 * The dashboard's built bundle (dist/web), which `airlock serve` serves at /.
 * Built with vite when it is missing or older than a file under web/, so the
 * browser tests always drive the current code, from a clean clone too.
 */
import { execFile } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPOSITORY_ROOT } from './test-images.js';

const run = promisify(execFile);

export async function ensureWebBundle(): Promise<string> {
  const out = path.join(REPOSITORY_ROOT, 'dist', 'web');
  const built = mtime(path.join(out, 'index.html'));
  if (built !== undefined && newest(path.join(REPOSITORY_ROOT, 'web')) <= built) return out;
  await run(process.execPath, [path.join(REPOSITORY_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', path.join(REPOSITORY_ROOT, 'web', 'vite.config.ts'), '--logLevel', 'warn'], {
    cwd: REPOSITORY_ROOT,
    maxBuffer: 16 * 1024 * 1024,
  });
  return out;
}

function mtime(file: string): number | undefined {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : (mtime(full) ?? 0));
  }
  return latest;
}
