/**
 * The one order findings are shown in, shared by every human-facing format:
 * most severe first, then by package, then by id, so the same report always
 * reads the same and the worst problems are at the top.
 */
import { SEVERITIES, type Finding, type Severity } from '../match/finding.js';

/** 0 for critical … 4 for unknown (sort position; not match/severity.ts's rank, which counts the other way). */
function severityRank(severity: Severity): number {
  const rank = SEVERITIES.indexOf(severity);
  return rank === -1 ? SEVERITIES.length : rank;
}

/** The more severe of two severities. */
export function worseSeverity(a: Severity, b: Severity): Severity {
  return severityRank(a) <= severityRank(b) ? a : b;
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
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
