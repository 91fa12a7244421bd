/**
 * SARIF rules: one per vulnerability id, shared by every finding of it. The rule
 * carries what is true of the vulnerability (summary, links, severity); results carry
 * what is true of one package. `security-severity` is the number GitHub code scanning
 * turns into its critical/high/medium/low label, so it must agree with Airlock's
 * severity: the CVSS score when it falls in that severity's band, else the band's
 * middle (a distro may rate a CVE lower than its CVSS base score, and Airlock follows
 * the distro).
 */
import { OS_PACKAGE_TYPES } from '../catalog/package.js';
import type { Finding, Severity } from '../match/finding.js';
import { advisorySource, isWebUrl } from './advisory-links.js';
import { higherSeverity } from '../match/severity.js';
import type { SarifLevel, SarifRule } from './sarif-log.js';

const LEVEL: Record<Severity, SarifLevel> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', unknown: 'note' };

/** GitHub's bands (security-severity ≥ 9.0 critical, ≥ 7.0 high, ≥ 4.0 medium, > 0 low) and a value inside each. */
const BANDS: Partial<Record<Severity, { min: number; max: number; typical: number }>> = {
  critical: { min: 9, max: 10, typical: 9.5 },
  high: { min: 7, max: 8.9, typical: 8 },
  medium: { min: 4, max: 6.9, typical: 5.5 },
  low: { min: 0.1, max: 3.9, typical: 2 },
};

export function sarifLevel(severity: Severity): SarifLevel {
  return LEVEL[severity];
}

/** `findings` all share one id and are already in report order. */
export function sarifRule(id: string, findings: readonly Finding[]): SarifRule {
  const severity = findings.map((f) => f.severity).reduce(higherSeverity, 'unknown');
  const cvss = findings.find((f) => f.severity === severity && f.cvss !== undefined)?.cvss;
  const summary = findings.find((f) => f.summary !== undefined && f.summary !== '')?.summary;
  const link = advisorySource(id);
  const aliases = [...new Set(findings.flatMap((f) => f.aliases))].sort();
  const references = [...new Set(findings.flatMap((f) => f.references ?? []))];
  const textLines = [
    `Vulnerability ${id}${aliases.length > 0 ? ` (also ${aliases.join(', ')})` : ''}`,
    `Severity: ${severity.toUpperCase()}${cvss === undefined ? '' : `, CVSS ${cvss.version} ${cvss.score} (${cvss.vector})`}`,
    ...(summary === undefined ? [] : [summary]),
    `More: ${link.url}`,
    ...references.map((r) => `Reference: ${r}`),
  ];
  const markdownLines = [
    `**Vulnerability** [${markdown(id)}](${link.url})${aliases.length > 0 ? ` (also ${aliases.map(markdown).join(', ')})` : ''}`,
    `**Severity** ${severity.toUpperCase()}${cvss === undefined ? '' : `, CVSS ${cvss.version} ${cvss.score} \`${cvss.vector.replace(/`/g, '')}\``}`,
    ...(summary === undefined ? [] : [markdown(summary)]),
    // Canonical http(s) URLs cannot contain `<`, `>` or spaces, so an autolink cannot be broken out of; anything else is escaped text.
    ...references.map((r) => (isWebUrl(r) ? `- <${r}>` : `- ${markdown(r)}`)),
  ];
  const score = securitySeverity(severity, cvss?.score);
  return {
    id,
    name: findings.every((f) => OS_PACKAGE_TYPES.has(f.packageType)) ? 'OsPackageVulnerability' : 'LanguagePackageVulnerability',
    shortDescription: { text: summary ?? id },
    fullDescription: { text: summary ?? id },
    helpUri: link.url,
    help: { text: textLines.join('\n'), markdown: markdownLines.join('\n\n') },
    defaultConfiguration: { level: sarifLevel(severity) },
    properties: {
      ...(score === undefined ? {} : { 'security-severity': score }),
      precision: 'very-high',
      tags: ['vulnerability', 'security', severity.toUpperCase()],
    },
  };
}

function securitySeverity(severity: Severity, score: number | undefined): string | undefined {
  const band = BANDS[severity];
  if (band === undefined) return undefined;
  const value = score !== undefined && score >= band.min && score <= band.max ? score : band.typical;
  return value.toFixed(1);
}

/** Text from advisories is shown as Markdown by code-scanning UIs: escape it so it cannot add links or markup. */
function markdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&]/g, '\\$&');
}
