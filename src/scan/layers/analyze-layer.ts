/**
 * The layer walk: one pass over a layer's entries, asking each cataloger
 * whether it wants a file (by header only) and parsing just those. Whiteouts and
 * links are recorded for the squash; problems become `errors`, never crashes.
 */
import type { Readable } from 'node:stream';
import { CatalogError } from '../catalog/catalog-error.js';
import type { Cataloger } from '../catalog/cataloger.js';
import { catalogFilesFor } from './catalog-files.js';
import { decompress } from './decompress.js';
import { directoryEntries } from './directory-entries.js';
import { parentOf } from './image-path.js';
import type { AnalyzedFile, LayerAnalysis } from './layer-analysis.js';
import { DEFAULT_ENTRY_LIMITS, type EntryLimits, type LayerEntry } from './layer-entry.js';
import { LayerError } from './layer-error.js';
import { tarEntries } from './tar-entries.js';

export interface AnalyzeOptions {
  catalogers: readonly Cataloger[];
  /** Files larger than this are not read whole (streams still work). */
  maxFileBytes?: number;
  limits?: EntryLimits;
}

export const DEFAULT_MAX_FILE_BYTES = 100 * 1024 * 1024;
const WHITEOUT_PREFIX = '.wh.';
const OPAQUE_MARKER = '.wh..wh..opq';

export async function analyzeTarLayer(source: Readable, digest: string, mediaType: string | undefined, options: AnalyzeOptions): Promise<LayerAnalysis> {
  return analyzeEntries(digest, options, async (onProblem) =>
    tarEntries(await decompress(source, mediaType), { limits: options.limits ?? DEFAULT_ENTRY_LIMITS, onProblem }),
  );
}

export async function analyzeDirectory(root: string, digest: string, options: AnalyzeOptions): Promise<LayerAnalysis> {
  return analyzeEntries(digest, options, async (onProblem) => directoryEntries(root, onProblem));
}

async function analyzeEntries(
  digest: string,
  options: AnalyzeOptions,
  open: (onProblem: (message: string) => void) => Promise<AsyncIterable<LayerEntry>>,
): Promise<LayerAnalysis> {
  const analysis: LayerAnalysis = { digest, files: [], whiteouts: [], opaqueDirectories: [], links: [], symlinks: [], errors: [], complete: true };
  const onProblem = (message: string) => analysis.errors.push(message);
  try {
    for await (const entry of await open(onProblem)) await visit(entry, analysis, options);
  } catch (error) {
    if (!(error instanceof LayerError)) throw error;
    analysis.complete = false;
    analysis.errors.push(`layer ${digest}: ${error.message}`);
  }
  return analysis;
}

async function visit(entry: LayerEntry, analysis: LayerAnalysis, options: AnalyzeOptions): Promise<void> {
  const name = entry.path.slice(entry.path.lastIndexOf('/') + 1);
  if (name.startsWith(WHITEOUT_PREFIX)) {
    const directory = parentOf(entry.path);
    if (name === OPAQUE_MARKER) analysis.opaqueDirectories.push(directory);
    else analysis.whiteouts.push(`${directory === '/' ? '' : directory}/${name.slice(WHITEOUT_PREFIX.length)}`);
    return;
  }
  if (entry.kind === 'directory' || entry.kind === 'other') return;
  if (entry.kind === 'symlink') analysis.symlinks.push([entry.path, entry.linkTarget ?? '']);
  const wanting = options.catalogers.filter((cataloger) => cataloger.wants({ path: entry.path, size: entry.kind === 'file' ? entry.size : 1, mode: entry.mode }));
  if (wanting.length === 0) return;
  if (entry.kind === 'symlink' || entry.kind === 'hardlink') {
    recordLink(entry, wanting, analysis);
    return;
  }
  const shared = await catalogFilesFor(entry, wanting.length, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES);
  try {
    for (const [i, cataloger] of wanting.entries()) {
      const file = shared.files[i];
      if (file) await parseInto(cataloger, file, analysis);
    }
  } finally {
    await shared.release();
  }
}

async function parseInto(cataloger: Cataloger, file: Parameters<Cataloger['parse']>[0], analysis: LayerAnalysis): Promise<void> {
  try {
    const result = await cataloger.parse(file);
    if (result.packages.length > 0 || result.os || result.ownedFiles?.length || result.warnings?.length) {
      const analyzed: AnalyzedFile = { path: file.path, cataloger: cataloger.name, ...result };
      analysis.files.push(analyzed);
    }
  } catch (error) {
    // A cataloger's failure on one file must not cost the rest of the scan.
    const reason = error instanceof CatalogError ? error.message : `internal error: ${(error as Error).message}`;
    analysis.errors.push(`${file.path}: ${cataloger.name}: ${reason}`);
  }
}

/** A hardlink to a file this layer already analysed shares its results; anything else is resolved after the squash. */
function recordLink(entry: LayerEntry, wanting: readonly Cataloger[], analysis: LayerAnalysis): void {
  const target = entry.linkTarget ?? '';
  if (entry.kind === 'hardlink') {
    const originals = analysis.files.filter((file) => file.path === target && wanting.some((c) => c.name === file.cataloger));
    if (originals.length > 0) {
      for (const original of originals) {
        analysis.files.push({ ...original, path: entry.path, packages: original.packages.map((p) => ({ ...p, path: p.path === target ? entry.path : p.path })) });
      }
      return;
    }
  }
  analysis.links.push({ path: entry.path, target, kind: entry.kind === 'hardlink' ? 'hardlink' : 'symlink', catalogers: wanting.map((c) => c.name) });
}
