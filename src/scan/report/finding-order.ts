/**
 * The one order findings are shown in, shared by every human-facing format:
 * most severe first, then by package, then by id, so the same report always
 * reads the same and the worst problems are at the top.
 */
import type { Finding } from '../match/finding.js';
import { severityRank } from '../match/severity.js';

export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    compareText(a.package, b.package) ||
    compareText(a.id, b.id) ||
    compareText(a.installedVersion, b.installedVersion) ||
    compareText(a.purl, b.purl) ||
    compareText(a.path, b.path)
  );
}

export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}

/** Code-unit order, not locale order: output must not depend on the machine's locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
