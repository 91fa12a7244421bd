/**
 * The second pass: links a cataloger wanted whose targets no cataloger read
 * (`/usr/bin/app -> /opt/app/bin/app`). Only those targets are read, from the
 * topmost layer that has them; the whole pass is bounded.
 */
import { lstat, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { CatalogFile } from '../catalog/cataloger.js';
import type { ImageSource } from '../image/image-source.js';
import { analyzeTarLayer, type AnalyzeOptions } from './analyze-layer.js';
import type { AnalyzedFile } from './layer-analysis.js';
import type { SquashedImage } from './squash.js';

const MAX_LINK_TARGETS = 64;

export async function readLinkTargets(source: ImageSource, links: SquashedImage['unresolvedLinks'], options: AnalyzeOptions): Promise<{ files: AnalyzedFile[]; errors: string[] }> {
  const errors: string[] = [];
  const wanted = links.slice(0, MAX_LINK_TARGETS);
  if (links.length > MAX_LINK_TARGETS) errors.push(`${links.length - MAX_LINK_TARGETS} more links were not followed (limit ${MAX_LINK_TARGETS})`);
  const byTarget = new Map(wanted.map((link) => [link.resolved, link]));
  const catalogerNames = new Set(wanted.flatMap((link) => link.catalogers));
  const catalogers = options.catalogers.filter((cataloger) => catalogerNames.has(cataloger.name));
  const files: AnalyzedFile[] = [];
  if (source.rootfs) {
    for (const target of byTarget.keys()) files.push(...(await readFromDirectory(source.rootfs, target, catalogers)));
    return { files, errors };
  }
  const pending = new Set(byTarget.keys());
  for (const layer of [...source.layers].reverse()) {
    if (pending.size === 0) break;
    // The walk hands a cataloger a file only when its own `wants` agrees; here we want exactly the pending paths.
    const targeted = catalogers.map((cataloger) => ({ ...cataloger, wants: (file: { path: string }) => pending.has(file.path) }));
    const analysis = await analyzeTarLayer(await layer.open(), layer.digest, layer.mediaType, { ...options, catalogers: targeted });
    for (const file of analysis.files) {
      pending.delete(file.path);
      files.push({ ...file, packages: file.packages.map((pkg) => ({ ...pkg, layer: layer.digest })) });
    }
    errors.push(...analysis.errors);
  }
  for (const target of pending) errors.push(`${byTarget.get(target)?.path} links to ${target}, which no layer contains`);
  return { files, errors };
}

async function readFromDirectory(root: string, target: string, catalogers: AnalyzeOptions['catalogers']): Promise<AnalyzedFile[]> {
  const real = path.join(root, target);
  const info = await lstat(real).catch(() => undefined);
  if (!info?.isFile()) return [];
  const content = await readFile(real);
  const file: CatalogFile = { path: target, size: content.length, mode: info.mode & 0o7777, read: async () => content, stream: () => Readable.from([content]) };
  const results: AnalyzedFile[] = [];
  for (const cataloger of catalogers) results.push({ path: target, cataloger: cataloger.name, ...(await cataloger.parse(file)) });
  return results;
}
