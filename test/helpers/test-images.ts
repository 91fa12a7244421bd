/**
 * Real OCI images for tests, built once by scripts/make-test-images (debootstrap
 * + umoci from Debian's packages) into .cache/test-images and reused after that.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const REPOSITORY_ROOT = path.resolve(import.meta.dirname, '../..');

/** The tags scripts/make-test-images builds; a cache missing any of them is rebuilt. */
export const TEST_IMAGE_TAGS = ['debian', 'pyapp', 'nodeapp', 'goapp', 'bullseye'] as const;

export async function ensureTestImages(): Promise<string> {
  const dir = process.env.AIRLOCK_TEST_IMAGES ?? path.join(REPOSITORY_ROOT, '.cache', 'test-images');
  if (hasAllTags(path.join(dir, 'oci', 'index.json'))) return dir;
  for (const tool of ['debootstrap', 'umoci', 'skopeo']) {
    if (!existsSync(`/usr/bin/${tool}`) && !existsSync(`/usr/sbin/${tool}`)) {
      throw new Error(`${tool} is missing: apt-get install skopeo umoci debootstrap docker-registry (or run .ci/run)`);
    }
  }
  await run(path.join(REPOSITORY_ROOT, 'scripts', 'make-test-images'), [dir], { maxBuffer: 64 * 1024 * 1024 });
  return dir;
}

function hasAllTags(indexFile: string): boolean {
  if (!existsSync(indexFile)) return false;
  const index = JSON.parse(readFileSync(indexFile, 'utf8')) as { manifests?: Array<{ annotations?: Record<string, string> }> };
  const tags = new Set((index.manifests ?? []).map((m) => m.annotations?.['org.opencontainers.image.ref.name']));
  return TEST_IMAGE_TAGS.every((tag) => tags.has(tag));
}
