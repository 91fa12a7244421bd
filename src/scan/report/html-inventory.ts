/**
 * The inventory half of the HTML report: the packages (the SBOM as a table), the
 * layers with how many packages each introduced, and the errors that did not stop
 * the scan.
 */
import type { Package } from '../catalog/package.js';
import { compareText } from './finding-order.js';
import { html } from './html-escape.js';
import { filterBar, htmlTable, type HtmlCell, type HtmlRow } from './html-table.js';
import type { ScanReport } from './scan-report.js';

/** Digests are long: `#2 sha256:9b7f5c3a0e4d` with the whole digest as a tooltip; sorts by position. */
export function layerCell(layers: readonly string[], digest: string | undefined): HtmlCell {
  if (digest === undefined) return { html: '<span class="none">—</span>', sort: -1 };
  const index = layers.indexOf(digest);
  const short = digest.replace(/^(sha256:[0-9a-f]{12})[0-9a-f]{52}$/, '$1');
  const position = index === -1 ? '' : `#${index + 1} `;
  return { html: `<code class="layer" title="${html(digest)}">${html(`${position}${short}`)}</code>`, sort: index === -1 ? layers.length : index };
}

export function packagesSection(report: ScanReport): string {
  const packages = [...report.packages].sort(comparePackages);
  const rows: HtmlRow[] = packages.map((p) => ({
    cells: [
      { html: `${html(p.name)}${p.dev === true ? ' <span class="small">(dev)</span>' : ''}${source(p)}` },
      { html: html(p.version) },
      { html: html(p.type) },
      { html: p.licenses === undefined || p.licenses.length === 0 ? '<span class="none">—</span>' : p.licenses.map(html).join('<br>') },
      { html: `<code>${html(p.purl)}</code>` },
      { html: `<code>${html(p.path)}</code>` },
      layerCell(report.artifact.layers, p.layer),
    ],
  }));
  const columns = ['Name', 'Version', 'Type', 'Licences', 'Package URL', 'Path', 'Layer'].map((label) => ({ label }));
  return [
    '<section id="packages" aria-labelledby="packages-title">',
    `<h2 id="packages-title">Packages (${report.packages.length})</h2>`,
    rows.length === 0
      ? '<p class="empty">No packages found.</p>'
      : [filterBar('packages-table', 'Filter packages'), htmlTable({ id: 'packages-table', caption: 'Packages found in the image, by name', columns, rows, sortedBy: 0 })].join('\n'),
    '</section>',
  ].join('\n');
}

function source(p: Package): string {
  if (p.source === undefined || p.source.name === p.name) return '';
  return ` <span class="small">(source ${html(p.source.name)})</span>`;
}

function comparePackages(a: Package, b: Package): number {
  return compareText(a.name, b.name) || compareText(a.version, b.version) || compareText(a.type, b.type) || compareText(a.path, b.path) || compareText(a.purl, b.purl);
}

export function layersSection(report: ScanReport): string {
  const { layers } = report.artifact;
  const incomplete = new Set(report.artifact.incompleteLayers ?? []);
  const items = layers.map((digest) => {
    const packages = report.packages.filter((p) => p.layer === digest).length;
    const findings = report.vulnerabilities.filter((f) => f.layer === digest).length;
    const warning = incomplete.has(digest) ? ' <strong class="sev sev-high">incomplete</strong>' : '';
    return `<li><code>${html(digest)}</code> — ${plural(packages, 'package')} introduced, ${plural(findings, 'vulnerability', 'vulnerabilities')}${warning}</li>`;
  });
  return [
    '<section id="layers" aria-labelledby="layers-title">',
    `<h2 id="layers-title">Layers (${layers.length})</h2>`,
    items.length === 0 ? '<p class="empty">Not an image: no layers.</p>' : `<p class="muted">Bottom first.</p>\n<ol class="layers">\n${items.join('\n')}\n</ol>`,
    '</section>',
  ].join('\n');
}

export function errorsSection(report: ScanReport): string {
  return [
    '<section id="errors" aria-labelledby="errors-title">',
    `<h2 id="errors-title">Scan errors (${report.errors.length})</h2>`,
    report.errors.length === 0
      ? '<p class="empty">None: every layer and package database was read.</p>'
      : `<ul class="errors">\n${report.errors.map((e) => `<li><code>${html(e)}</code></li>`).join('\n')}\n</ul>`,
    '</section>',
  ].join('\n');
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
