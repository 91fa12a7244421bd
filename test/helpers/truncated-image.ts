/**
 * An OCI layout holding a real base layer and an upper layer that ends early
 * (its last entry's bytes never come), as broken image builders produce: for
 * tests of what the scanner does with a layer it cannot read to the end.
 */
import { createHash } from 'node:crypto';
import { link, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzip, tarWithTruncatedEntry } from '../../src/scan/layers/layer-harness.js';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

export async function truncatedImage(directory: string, baseLayout: string, baseRef: string): Promise<string> {
  const blobs = path.join(directory, 'blobs', 'sha256');
  await mkdir(blobs, { recursive: true });
  const index = JSON.parse(await readFile(path.join(baseLayout, 'index.json'), 'utf8')) as { manifests: Array<{ digest: string; annotations?: Record<string, string> }> };
  const baseDigest = index.manifests.find((m) => m.annotations?.['org.opencontainers.image.ref.name'] === baseRef)?.digest as string;
  const baseManifest = JSON.parse(await readFile(path.join(baseLayout, 'blobs', 'sha256', baseDigest.slice(7)), 'utf8')) as { layers: Array<{ digest: string; size: number; mediaType: string }> };
  const baseLayer = baseManifest.layers[0] as { digest: string; size: number; mediaType: string };
  await link(path.join(baseLayout, 'blobs', 'sha256', baseLayer.digest.slice(7)), path.join(blobs, baseLayer.digest.slice(7)));
  const broken = gzip(await tarWithTruncatedEntry([{ name: 'app/node_modules/left-pad/package.json', content: '{"name":"left-pad","version":"1.3.0"}' }], 'app/big.bin', 4096));
  await writeFile(path.join(blobs, sha256(broken)), broken);
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } }));
  await writeFile(path.join(blobs, sha256(config)), config);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: `sha256:${sha256(config)}`, size: config.length },
      layers: [baseLayer, { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: `sha256:${sha256(broken)}`, size: broken.length }],
    }),
  );
  await writeFile(path.join(blobs, sha256(manifest)), manifest);
  await writeFile(path.join(directory, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  await writeFile(
    path.join(directory, 'index.json'),
    JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: `sha256:${sha256(manifest)}`, size: manifest.length, annotations: { 'org.opencontainers.image.ref.name': 'broken' } }] }),
  );
  return `oci:${directory}:broken`;
}
