/**
 * What one layer contributes, independent of every other layer — so it can be
 * cached by layer digest and reused by every image that shares the layer.
 * Plain JSON.
 */
import type { CatalogResult } from '../catalog/cataloger.js';

/** One cataloger's result for one file. */
export interface AnalyzedFile extends CatalogResult {
  path: string;
  cataloger: string;
}

/** A link whose path a cataloger wanted but whose content was not read in this layer. */
export interface LayerLink {
  path: string;
  /** Symlink target as written; for hardlinks, the normalised path of the linked entry. */
  target: string;
  kind: 'symlink' | 'hardlink';
  catalogers: string[];
}

export interface LayerAnalysis {
  digest: string;
  files: AnalyzedFile[];
  /** Paths this layer deletes from the layers below (`.wh.<name>`). */
  whiteouts: string[];
  /** Directories whose lower-layer content this layer hides (`.wh..wh..opq`). */
  opaqueDirectories: string[];
  links: LayerLink[];
  /** Every symbolic link in the layer, [path, target as written]: links are followed through directories too. */
  symlinks: Array<[string, string]>;
  /** Problems met in this layer; the rest of the layer was still analysed where possible. */
  errors: string[];
  /** False when the layer could not be read to its end (corrupt, over a limit): never cached. */
  complete: boolean;
}
