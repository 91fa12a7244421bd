/** Reads the OCI image layout that scripts/make-test-images builds (index.json → manifests by ref name). */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

export interface LayoutManifest {
  digest: string;
  size: number;
  mediaType: string;
}

export async function layoutManifest(layout: string, refName: string): Promise<LayoutManifest> {
  const index = JSON.parse(await readFile(path.join(layout, 'index.json'), 'utf8')) as {
    manifests: Array<LayoutManifest & { annotations?: Record<string, string> }>;
  };
  const found = index.manifests.find((m) => m.annotations?.['org.opencontainers.image.ref.name'] === refName);
  if (!found) throw new Error(`no ${refName} in ${layout}`);
  return { digest: found.digest, size: found.size, mediaType: found.mediaType };
}

/**
 * Copies a layout (hard links: the 200 MB of blobs are not duplicated) and adds an OCI index under `refName`
 * that lists `children` as different platforms — a real multi-platform image.
 */
export async function withPlatformIndex(layout: string, target: string, refName: string, children: Array<{ ref: string; architecture: string }>): Promise<string> {
  await promisify(execFile)('cp', ['-al', layout, target]);
  const manifests = [];
  for (const child of children) {
    const manifest = await layoutManifest(layout, child.ref);
    manifests.push({ ...manifest, platform: { architecture: child.architecture, os: 'linux' } });
  }
  const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests }));
  const hex = createHash('sha256').update(index).digest('hex');
  await writeFile(path.join(target, 'blobs', 'sha256', hex), index);
  const top = JSON.parse(await readFile(path.join(target, 'index.json'), 'utf8')) as { manifests: unknown[] };
  // index.json is a hard link into the shared layout: replace it, never write through it.
  await rm(path.join(target, 'index.json'));
  top.manifests.push({ mediaType: 'application/vnd.oci.image.index.v1+json', digest: `sha256:${hex}`, size: index.length, annotations: { 'org.opencontainers.image.ref.name': refName } });
  await writeFile(path.join(target, 'index.json'), JSON.stringify(top));
  return `sha256:${hex}`;
}
