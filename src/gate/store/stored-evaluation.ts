/**
 * The evaluation a verdict stores with its image (gate_images.evaluation, written
 * by record-verdict.ts): per platform, the findings and the policy's evaluation.
 * Read here once, so everything that compares or lists stored findings agrees on its shape.
 */
import type { Finding } from '../../scan/index.js';
import type { ImageRow } from './image-store.js';

export interface StoredPlatform {
  digest?: string;
  platform?: string;
  findings?: Finding[];
  /** The policy's evaluation of this platform (policy/evaluation.ts), as the judge returned it. */
  evaluation?: unknown;
}

/** The platforms of the image's current verdict; none before its first verdict. */
export function storedPlatforms(image: Pick<ImageRow, 'evaluation'>): StoredPlatform[] {
  if (!image.evaluation) return [];
  return (JSON.parse(image.evaluation) as { platforms?: StoredPlatform[] }).platforms ?? [];
}
