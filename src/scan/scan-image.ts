/**
 * `airlock scan`'s engine: analyse each layer (or reuse its cached analysis),
 * squash the layers, read link targets a cataloger wanted, build the inventory
 * and match it against the vulnerability index. No HTTP, no console: progress
 * is reported through a callback.
 */
import { catalogers as allCatalogers } from './catalog/catalogers.js';
import type { Cataloger } from './catalog/cataloger.js';
import type { ImageSource } from './image/image-source.js';
import { buildInventory, type Inventory } from './inventory/build-inventory.js';
import type { InventoryStore } from './inventory/inventory-store.js';
import { analyzeDirectory, analyzeTarLayer, type AnalyzeOptions } from './layers/analyze-layer.js';
import { catalogerKey, type LayerCache } from './layers/layer-cache.js';
import type { LayerAnalysis } from './layers/layer-analysis.js';
import { squashLayers } from './layers/squash.js';
import { ecosystemsNeeded } from './match/ecosystem-of.js';
import { matchPackages } from './match/match-packages.js';
import type { ScanReport } from './report/scan-report.js';
import { readLinkTargets } from './layers/link-targets.js';
import type { VulnerabilityIndex } from './vulndb/index.js';

export type ScanProgress =
  | { phase: 'layer'; index: number; total: number; digest: string; cached: boolean }
  | { phase: 'links'; count: number }
  | { phase: 'match'; packages: number };

export interface ScanImageOptions extends Partial<AnalyzeOptions> {
  cache?: LayerCache;
  /** Image inventories by manifest digest: a known image is matched without reading any layer. */
  inventories?: InventoryStore;
  /** Without an index (or a loader) the report lists packages only. */
  index?: VulnerabilityIndex;
  /** Loads an index of just the ecosystems this image's packages can meet, once the inventory is known. */
  loadIndex?: (ecosystems: (ecosystem: string) => boolean) => Promise<VulnerabilityIndex | undefined>;
  scannerVersion: string;
  now?: () => Date;
  onProgress?(progress: ScanProgress): void;
}

export async function scanImage(source: ImageSource, options: ScanImageOptions): Promise<ScanReport> {
  const catalogers = options.catalogers ?? allCatalogers;
  const key = catalogerKey(catalogers);
  const known = source.digest ? await options.inventories?.get(source.digest, key) : undefined;
  const taken = known ? undefined : await takeInventory(source, catalogers, options);
  const inventory = (known ?? taken?.inventory) as Inventory;
  const incompleteLayers = taken?.incompleteLayers ?? [];
  // Only a complete inventory describes the image; one from a layer that could not be read is redone next time.
  if (taken?.complete && source.digest) await options.inventories?.put(source.digest, key, inventory);
  options.onProgress?.({ phase: 'match', packages: inventory.packages.length });
  const index = options.index ?? (await options.loadIndex?.(ecosystemsNeeded(inventory.packages, inventory.os)));
  const matched = index ? matchPackages(inventory.packages, inventory.os, index) : { findings: [], warnings: [] };
  return {
    schemaVersion: 1,
    createdAt: (options.now?.() ?? new Date()).toISOString(),
    scanner: {
      name: 'airlock',
      version: options.scannerVersion,
      ...(index ? { vulnerabilityDb: { updatedAt: index.stats.lastModified, advisories: index.stats.advisories } } : {}),
    },
    artifact: {
      name: source.name,
      ...(source.digest ? { digest: source.digest } : {}),
      layers: source.layers.map((layer) => layer.digest),
      ...(source.platform ? { platform: source.platform } : {}),
      ...(incompleteLayers.length > 0 ? { incompleteLayers } : {}),
    },
    ...(inventory.os ? { os: inventory.os } : {}),
    packages: inventory.packages,
    vulnerabilities: matched.findings,
    errors: [...inventory.errors, ...inventory.warnings, ...matched.warnings],
  };
}

async function takeInventory(source: ImageSource, catalogers: readonly Cataloger[], options: ScanImageOptions): Promise<{ inventory: Inventory; complete: boolean; incompleteLayers: string[] }> {
  const analyzeOptions: AnalyzeOptions = { catalogers, maxFileBytes: options.maxFileBytes, limits: options.limits };
  const analyses = source.rootfs
    ? [await analyzeDirectory(source.rootfs, `rootfs:${source.rootfs}`, analyzeOptions)]
    : await analyzeLayers(source, analyzeOptions, catalogers, options);
  const squashed = squashLayers(analyses);
  if (squashed.unresolvedLinks.length > 0) {
    options.onProgress?.({ phase: 'links', count: squashed.unresolvedLinks.length });
    const extra = await readLinkTargets(source, squashed.unresolvedLinks, analyzeOptions);
    squashed.files.push(...extra.files);
    squashed.errors.push(...extra.errors);
  }
  const incompleteLayers = analyses.filter((analysis) => !analysis.complete).map((analysis) => analysis.digest);
  return { inventory: buildInventory(squashed), complete: incompleteLayers.length === 0, incompleteLayers };
}

async function analyzeLayers(source: ImageSource, analyzeOptions: AnalyzeOptions, catalogers: readonly Cataloger[], options: ScanImageOptions): Promise<LayerAnalysis[]> {
  const key = catalogerKey(catalogers);
  const analyses: LayerAnalysis[] = [];
  for (const [index, layer] of source.layers.entries()) {
    const cached = await options.cache?.get(layer.digest, key);
    options.onProgress?.({ phase: 'layer', index, total: source.layers.length, digest: layer.digest, cached: cached !== undefined });
    if (cached) {
      analyses.push(cached);
      continue;
    }
    const analysis = await analyzeTarLayer(await layer.open(), layer.digest, layer.mediaType, analyzeOptions);
    await options.cache?.put(analysis, key);
    analyses.push(analysis);
  }
  return analyses;
}
