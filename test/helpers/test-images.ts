/**
 * Real OCI images for tests, built once by scripts/make-test-images (debootstrap
 * + umoci from Debian's packages) into .cache/test-images and reused after that.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const REPOSITORY_ROOT = path.resolve(import.meta.dirname, '../..');

export async function ensureTestImages(): Promise<string> {
  const dir = process.env.AIRLOCK_TEST_IMAGES ?? path.join(REPOSITORY_ROOT, '.cache', 'test-images');
  if (existsSync(path.join(dir, 'oci', 'index.json'))) return dir;
  for (const tool of ['debootstrap', 'umoci', 'skopeo']) {
    if (!existsSync(`/usr/bin/${tool}`) && !existsSync(`/usr/sbin/${tool}`)) {
      throw new Error(`${tool} is missing: apt-get install skopeo umoci debootstrap docker-registry (or run .ci/run)`);
    }
  }
  await run(path.join(REPOSITORY_ROOT, 'scripts', 'make-test-images'), [dir], { maxBuffer: 64 * 1024 * 1024 });
  return dir;
}
