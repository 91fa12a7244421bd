/** `--severity` and `--ignore-unfixed`: which findings a report shows and the exit code counts. */
import type { Finding, Severity } from '../match/finding.js';

export interface FindingFilter {
  severities?: readonly Severity[];
  ignoreUnfixed?: boolean;
}

export function filterFindings(findings: readonly Finding[], filter: FindingFilter): Finding[] {
  return findings.filter((finding) => (!filter.severities || filter.severities.includes(finding.severity)) && (!filter.ignoreUnfixed || finding.fixedVersion !== undefined));
}
