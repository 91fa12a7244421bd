/**
 * All layer-merge logic in one place (after Trivy's ApplyLayers): applies each
 * layer's whiteouts and opaque directories to what the layers below left,
 * then lets its files replace theirs, and remembers which layer introduced each
 * package — the lowest layer from which the package stayed, unchanged, in the
 * same file all the way to the top.
 */
import type { Package } from '../catalog/package.js';
import type { OsInfo } from '../os/os-info.js';
import { isWithin, resolveInImage } from './image-path.js';
import type { AnalyzedFile, LayerAnalysis, LayerLink } from './layer-analysis.js';

export interface SquashedImage {
  /** Every cataloger result still visible at the top, with packages attributed to layers. */
  files: AnalyzedFile[];
  /** OS facts found, in no particular order (choosing among them is the OS step's job). */
  osCandidates: OsInfo[];
  /** Links catalogers wanted whose resolved target was not analysed: the scan reads these in a second pass. */
  unresolvedLinks: Array<LayerLink & { resolved: string; layer: string }>;
  errors: string[];
}

interface PathState {
  /** Results of the layer that last wrote this path. */
  files: AnalyzedFile[];
  /** For each layer that wrote the path since it last disappeared, bottom first: the package keys it held. */
  history: Array<{ layer: string; keys: Set<string> }>;
}

const packageKey = (p: Package) => `${p.type}\0${p.name}\0${p.version}\0${p.path}`;

export function squashLayers(layers: readonly LayerAnalysis[]): SquashedImage {
  const state = new Map<string, PathState>();
  const links = new Map<string, { link: LayerLink; layer: string }>();
  const symlinks = new Map<string, string>();
  const errors: string[] = [];
  for (const layer of layers) {
    for (const directory of layer.opaqueDirectories) removeBelow([state, links, symlinks], directory, false);
    for (const deleted of layer.whiteouts) removeBelow([state, links, symlinks], deleted, true);
    const written = groupByPath(layer.files);
    for (const [path, files] of written) {
      const previous = state.get(path);
      const keys = new Set(files.flatMap((file) => file.packages.map(packageKey)));
      state.set(path, { files, history: [...(previous?.history ?? []), { layer: layer.digest, keys }] });
      links.delete(path);
      symlinks.delete(path);
    }
    for (const [path, target] of layer.symlinks) symlinks.set(path, target);
    for (const link of layer.links) {
      links.set(link.path, { link, layer: layer.digest });
      state.delete(link.path);
    }
    errors.push(...layer.errors);
  }
  const files = [...state.values()].flatMap((entry) => entry.files.map((file) => attribute(file, entry.history)));
  return { files, osCandidates: files.flatMap((file) => (file.os ? [file.os] : [])), unresolvedLinks: unresolved(links, symlinks, state, errors), errors };
}

function groupByPath(files: readonly AnalyzedFile[]): Map<string, AnalyzedFile[]> {
  const grouped = new Map<string, AnalyzedFile[]>();
  for (const file of files) grouped.set(file.path, [...(grouped.get(file.path) ?? []), file]);
  return grouped;
}

/** Deletes `target` (and, for a whiteout, the path itself; for an opaque directory, only what lies below). */
function removeBelow(maps: Array<Map<string, unknown>>, target: string, includeSelf: boolean): void {
  for (const map of maps) {
    for (const path of map.keys()) {
      if (path === target ? includeSelf : isWithin(path, target)) map.delete(path);
    }
  }
}

function attribute(file: AnalyzedFile, history: PathState['history']): AnalyzedFile {
  return {
    ...file,
    packages: file.packages.map((pkg) => {
      const key = packageKey(pkg);
      let introducedIn = history[history.length - 1]?.layer;
      for (let i = history.length - 1; i >= 0 && history[i]?.keys.has(key); i--) introducedIn = history[i]?.layer;
      return { ...pkg, layer: introducedIn };
    }),
  };
}

function unresolved(
  links: Map<string, { link: LayerLink; layer: string }>,
  symlinks: ReadonlyMap<string, string>,
  state: Map<string, PathState>,
  errors: string[],
): SquashedImage['unresolvedLinks'] {
  const result: SquashedImage['unresolvedLinks'] = [];
  for (const { link, layer } of links.values()) {
    const resolved = link.kind === 'hardlink' ? link.target : resolveInImage(link.path, symlinks);
    if (resolved === undefined) {
      errors.push(`${link.path}: symbolic link loop; not followed`);
      continue;
    }
    const analysed = state.get(resolved)?.files.some((file) => link.catalogers.includes(file.cataloger));
    if (!analysed && resolved !== link.path) result.push({ ...link, resolved, layer });
  }
  return result;
}
