/**
 * The findings table of the HTML report: one row per finding, most severe first
 * (finding-order.ts, as every human-facing format), with the advisory linked where
 * its database publishes it, CVSS score and vector, the fix, and where the package
 * was found. The filter bar narrows by words, by severity and to fixable findings.
 */
import { SEVERITIES, type Finding } from '../match/finding.js';
import { advisoryIds, advisorySource } from './advisory-links.js';
import { sortFindings } from './finding-order.js';
import { html, link, webHref } from './html-escape.js';
import { layerCell } from './html-inventory.js';
import { severityBadge, severityOf } from './html-summary.js';
import { filterBar, filterCheckbox, htmlTable, type HtmlColumn, type HtmlRow } from './html-table.js';
import type { ScanReport } from './scan-report.js';

const COLUMNS: readonly HtmlColumn[] = [
  { label: 'Severity', type: 'number' },
  { label: 'Vulnerability' },
  { label: 'Package' },
  { label: 'Installed' },
  { label: 'Fixed in' },
  { label: 'CVSS', type: 'number' },
  { label: 'Title' },
  { label: 'Found in' },
];

export function findingsSection(report: ScanReport): string {
  const findings = sortFindings(report.vulnerabilities);
  const rows = findings.map((f) => findingRow(f, report.artifact.layers));
  const boxes = SEVERITIES.map((severity) => filterCheckbox({ filter: 'severity', value: severity, label: severity, checked: true, className: `sev sev-${severity}` }));
  const fixable = filterCheckbox({ filter: 'fixable', value: 'true', label: 'fixable only', checked: false });
  const extra = `<fieldset class="severities"><legend class="small">Severities</legend>${boxes.join(' ')}</fieldset>\n${fixable}`;
  return [
    '<section id="findings" aria-labelledby="findings-title">',
    `<h2 id="findings-title">Vulnerabilities (${findings.length})</h2>`,
    rows.length === 0
      ? '<p class="empty">No vulnerabilities found.</p>'
      : [
          filterBar('findings-table', 'Filter vulnerabilities', extra),
          htmlTable({ id: 'findings-table', caption: 'Vulnerabilities, most severe first', columns: COLUMNS, rows, sortedBy: 0 }),
        ].join('\n'),
    '</section>',
  ].join('\n');
}

function findingRow(f: Finding, layers: readonly string[]): HtmlRow {
  const severity = severityOf(f.severity);
  return {
    data: { severity, fixable: String(f.fixedVersion !== undefined) },
    cells: [
      // Ascending is the report's order, critical first.
      { html: severityBadge(severity), sort: SEVERITIES.indexOf(severity) },
      { html: vulnerability(f), sort: f.id },
      { html: `${html(f.package)} <span class="small">${html(f.packageType)}</span>` },
      { html: html(f.installedVersion) },
      f.fixedVersion === undefined ? { html: '<span class="none">no fix</span>', sort: '' } : { html: html(f.fixedVersion) },
      cvss(f),
      { html: title(f) },
      { html: `<code>${html(f.path)}</code><br>${layerCell(layers, f.layer).html}` },
    ],
  };
}

/** The id linked to its database; aliases and the matching advisories linked likewise. */
function vulnerability(f: Finding): string {
  const id = link(advisorySource(f.id).url, f.id);
  const others = [...new Set([...f.aliases, ...advisoryIds(f.source)])].filter((other) => other !== f.id);
  const aliases = others.length === 0 ? '' : `<br><span class="aliases">${others.map((other) => link(advisorySource(other).url, other)).join(', ')}</span>`;
  return `${id}${aliases}`;
}

function cvss(f: Finding): HtmlRow['cells'][number] {
  if (f.cvss === undefined) return { html: '<span class="none">—</span>', sort: -1 };
  return { html: `<span title="${html(f.cvss.vector)}">${html(f.cvss.score.toFixed(1))}</span> <span class="small">v${html(f.cvss.version)}</span>`, sort: f.cvss.score };
}

/** The summary, then the references that are web links; anything else (`javascript:`, bare words) is dropped, not shown as a link. */
function title(f: Finding): string {
  const summary = f.summary === undefined ? '<span class="none">—</span>' : html(f.summary);
  // Shown as the browser would follow them, so the text is the destination.
  const references = (f.references ?? []).map(webHref).filter((href): href is string => href !== undefined);
  if (references.length === 0) return summary;
  return `${summary}\n<ul class="small">${references.map((href) => `<li>${link(href, href)}</li>`).join('')}</ul>`;
}
