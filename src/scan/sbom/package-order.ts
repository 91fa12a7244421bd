/** The order packages appear in SBOMs: by type, name, version, then where they were found — stable for the same report. */
import type { Package } from '../catalog/package.js';
import { compareText } from '../report/finding-order.js';

export function sortPackages(packages: readonly Package[]): Package[] {
  return [...packages].sort(
    (a, b) => compareText(a.type, b.type) || compareText(a.name, b.name) || compareText(a.version, b.version) || compareText(a.path, b.path) || compareText(a.purl, b.purl),
  );
}
