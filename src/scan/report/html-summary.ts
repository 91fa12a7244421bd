/**
 * The top of the HTML report: what was scanned and with what (artifact, digest,
 * platform, OS, scanner and vulnerability database), the counts a reader looks at
 * first, and — when the report is shown for a gate decision — the verdict and the
 * reasons behind it.
 */
import { SEVERITIES, type Severity } from '../match/finding.js';
import { advisorySource } from './advisory-links.js';
import { html, link } from './html-escape.js';
import type { ScanReport } from './scan-report.js';

/**
 * A gate decision to show with the report. Structurally the gate's own record
 * (GateReason in gate/gate-ports.ts), declared here because scan/ sits below gate/.
 */
export interface HtmlVerdict {
  /** The image state or outcome: `approved`, `rejected`, `at-risk`, `revoked`, `pass`, `fail`, … */
  state: string;
  reasons: HtmlVerdictReason[];
  /** Which policy documents judged it, e.g. `org@3,payments@1`. */
  policyVersion?: string;
  decidedAt?: string;
}

export interface HtmlVerdictReason {
  rule: string;
  message: string;
  vulnerability?: string;
  package?: string;
  installedVersion?: string;
  fixedVersion?: string;
  severity?: string;
  platform?: string;
}

/** A known severity, whatever the report (which may have been read from a file) holds. */
export function severityOf(value: string | undefined): Severity {
  return SEVERITIES.find((s) => s === value) ?? 'unknown';
}

export function severityBadge(value: string | undefined): string {
  const severity = severityOf(value);
  return `<span class="sev sev-${severity}">${html(severity)}</span>`;
}

export function summarySection(report: ScanReport): string {
  const { artifact, os, scanner } = report;
  const db = scanner.vulnerabilityDb;
  const fixable = report.vulnerabilities.filter((f) => f.fixedVersion !== undefined).length;
  const facts: [string, string][] = [
    ['Artifact', `<code>${html(artifact.name)}</code>`],
    ['Digest', artifact.digest === undefined ? '<span class="none">—</span>' : `<code>${html(artifact.digest)}</code>`],
    ['Platform', html(artifact.platform ?? '—')],
    ['OS', os === undefined ? '<span class="none">not detected</span>' : html(os.name ?? `${os.family} ${os.version}`)],
    ['Scanned', `<time>${html(report.createdAt)}</time>`],
    ['Scanner', html(`${scanner.name} ${scanner.version}`)],
    ['Vulnerability DB', db === undefined ? '<span class="none">none</span>' : html(`${db.advisories} advisories${db.updatedAt === undefined ? '' : `, updated ${db.updatedAt}`}`)],
    ['Packages', html(report.packages.length)],
    ['Vulnerabilities', html(`${report.vulnerabilities.length} (${fixable} fixable)`)],
    ['Layers', html(artifact.layers.length)],
  ];
  const counts = SEVERITIES.map((severity) => {
    const n = report.vulnerabilities.filter((f) => severityOf(f.severity) === severity).length;
    return `<li class="sev-${severity}" data-severity="${severity}"><span class="sev">${severity}</span><strong>${n}</strong></li>`;
  });
  const incomplete = artifact.incompleteLayers ?? [];
  return [
    '<section id="summary" aria-labelledby="summary-title">',
    '<h2 id="summary-title">Summary</h2>',
    `<dl class="facts">\n${facts.map(([term, value]) => `<dt>${html(term)}</dt><dd>${value}</dd>`).join('\n')}\n</dl>`,
    `<ul class="counts" aria-label="Vulnerabilities by severity">\n${counts.join('\n')}\n</ul>`,
    incomplete.length === 0
      ? ''
      : `<p class="warning">${incomplete.length} layer(s) could not be read to their end; packages may be missing: ${incomplete.map((d) => `<code>${html(d)}</code>`).join(', ')}</p>`,
    '</section>',
  ].join('\n');
}

const STATE_CLASS: Record<string, string> = {
  approved: 'state-ok', pass: 'state-ok', passed: 'state-ok',
  rejected: 'state-bad', revoked: 'state-bad', fail: 'state-bad', failed: 'state-bad', error: 'state-bad',
  'at-risk': 'state-warn', warn: 'state-warn',
};

export function verdictSection(verdict: HtmlVerdict): string {
  // The class comes from Airlock's own list, never from the state text itself.
  const stateClass = STATE_CLASS[verdict.state.toLowerCase()] ?? 'state-other';
  const facts = [
    verdict.policyVersion === undefined ? '' : `<dt>Policy</dt><dd><code>${html(verdict.policyVersion)}</code></dd>`,
    verdict.decidedAt === undefined ? '' : `<dt>Decided</dt><dd><time>${html(verdict.decidedAt)}</time></dd>`,
  ].join('');
  const reasons =
    verdict.reasons.length === 0
      ? '<p class="muted">No reasons recorded.</p>'
      : `<ol class="reasons">\n${verdict.reasons.map((r) => `<li>${reason(r)}</li>`).join('\n')}\n</ol>`;
  return [
    '<section id="verdict" aria-labelledby="verdict-title">',
    '<h2 id="verdict-title">Verdict</h2>',
    `<p><span class="badge ${stateClass}" id="verdict-state">${html(verdict.state)}</span></p>`,
    facts === '' ? '' : `<dl class="facts">${facts}</dl>`,
    `<h3>Reasons (${verdict.reasons.length})</h3>`,
    reasons,
    '</section>',
  ].join('\n');
}

function reason(r: HtmlVerdictReason): string {
  const parts = [`<span class="rule"><code>${html(r.rule)}</code></span>`];
  if (r.severity !== undefined) parts.push(severityBadge(r.severity));
  if (r.vulnerability !== undefined) parts.push(link(advisorySource(r.vulnerability).url, r.vulnerability));
  if (r.package !== undefined) parts.push(`<code>${html(r.package)}</code>`);
  if (r.installedVersion !== undefined || r.fixedVersion !== undefined) {
    const fixed = r.fixedVersion === undefined ? '<span class="none">no fix</span>' : html(r.fixedVersion);
    parts.push(`${html(r.installedVersion ?? '?')} → ${fixed}`);
  }
  if (r.platform !== undefined) parts.push(`<span class="small">(${html(r.platform)})</span>`);
  return `${parts.join(' ')}<br>${html(r.message)}`;
}
