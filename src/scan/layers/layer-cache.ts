/**
 * Layer analyses are cached by (layer digest, cataloger set): an image that
 * shares its base layer with one already scanned only analyses its new layers.
 * The key changes whenever a cataloger is added, removed or bumps its version.
 */
import { createHash } from 'node:crypto';
import type { Cataloger } from '../catalog/cataloger.js';
import type { LayerAnalysis } from './layer-analysis.js';

export interface LayerCache {
  get(digest: string, catalogerKey: string): Promise<LayerAnalysis | undefined>;
  put(analysis: LayerAnalysis, catalogerKey: string): Promise<void>;
}

export function catalogerKey(catalogers: readonly Pick<Cataloger, 'name' | 'version'>[]): string {
  const names = catalogers.map((c) => `${c.name}@${c.version}`).sort();
  return createHash('sha256').update(names.join('\n')).digest('hex').slice(0, 32);
}

/** For one process (the CLI without a database, tests). */
export class MemoryLayerCache implements LayerCache {
  private readonly entries = new Map<string, LayerAnalysis>();

  async get(digest: string, key: string): Promise<LayerAnalysis | undefined> {
    return this.entries.get(`${digest}\0${key}`);
  }

  async put(analysis: LayerAnalysis, key: string): Promise<void> {
    if (analysis.complete) this.entries.set(`${analysis.digest}\0${key}`, analysis);
  }
}
