/**
 * `airlock scan --format table`, the default for people: one header line (artifact,
 * OS, counts per severity), the vulnerabilities most severe first, then the errors
 * that did not stop the scan. No line is wider than the terminal: long cells are cut
 * with an ellipsis, the title first, because the id and versions are what a reader
 * acts on.
 */
import { SEVERITIES } from '../match/finding.js';
import { advisorySource } from './advisory-links.js';
import { sortFindings } from './finding-order.js';
import type { ScanReport } from './scan-report.js';
import { displayWidth, padEnd, terminalSafe, truncate } from './terminal-text.js';

export interface TableOptions {
  /** Terminal width in columns (the CLI passes `process.stdout.columns`); default 120. */
  width?: number;
}

export const DEFAULT_TABLE_WIDTH = 120;
const GAP = '  ';

const HEADERS = ['LIBRARY', 'VULNERABILITY', 'SEVERITY', 'INSTALLED', 'FIXED', 'TITLE'] as const;
type Header = (typeof HEADERS)[number];

/**
 * How a too-wide table gives up width: each step narrows one column down to a floor.
 * The title goes first but keeps a readable 30 columns until the library name and the
 * versions have been trimmed to comfortable widths; then everything shrinks to the
 * narrowest still worth showing. A CVE id (14) and the severity (8) are never cut
 * unless the terminal is narrower than the hard minimums, where lines are simply cut.
 */
const SHRINK_STEPS: readonly [Header, number][] = [
  ['TITLE', 30], ['LIBRARY', 24], ['INSTALLED', 16], ['FIXED', 16],
  ['TITLE', 10], ['LIBRARY', 12], ['INSTALLED', 10], ['FIXED', 10], ['VULNERABILITY', 14], ['SEVERITY', 8],
];

export function toTable(report: ScanReport, options: TableOptions = {}): string {
  const width = Math.max(1, Math.floor(options.width ?? DEFAULT_TABLE_WIDTH));
  const lines = [header(report, width), ''];
  if (report.vulnerabilities.length === 0) lines.push('No vulnerabilities found.');
  else lines.push(...table(report, width));
  if (report.errors.length > 0) {
    lines.push('', `Errors (${report.errors.length}):`);
    for (const error of report.errors) lines.push(`  - ${terminalSafe(error)}`);
  }
  return `${lines.map((line) => truncate(line, width)).join('\n')}\n`;
}

function header(report: ScanReport, width: number): string {
  const counts = SEVERITIES.map((s) => `${s.toUpperCase()}: ${report.vulnerabilities.filter((f) => f.severity === s).length}`).join(', ');
  const total = `Total: ${report.vulnerabilities.length} (${counts})`;
  const os = report.os === undefined ? '' : ` (${report.os.name ?? `${report.os.family} ${report.os.version}`})`;
  const target = terminalSafe(`${report.artifact.name}${os}`);
  // The counts are the point of the line: the target gives way first.
  const room = width - displayWidth(total) - 1;
  return room >= 10 ? `${truncate(target, room)} ${total}` : truncate(`${target} ${total}`, width);
}

function table(report: ScanReport, width: number): string[] {
  const rows = sortFindings(report.vulnerabilities).map((f) =>
    [f.package, f.id, f.severity.toUpperCase(), f.installedVersion, f.fixedVersion ?? '-', f.summary ?? advisorySource(f.id).url].map(terminalSafe),
  );
  const widths = columnWidths(rows, width);
  const render = (cells: readonly string[]): string =>
    truncate(cells.map((cell, i) => padEnd(truncate(cell, widths[i] ?? 0), i === cells.length - 1 ? 0 : (widths[i] ?? 0))).join(GAP), width).trimEnd();
  return [render(HEADERS), render(widths.map((w) => '─'.repeat(w))), ...rows.map(render)];
}

/** Natural widths, then narrowed step by step (SHRINK_STEPS) until the row fits. */
function columnWidths(rows: readonly string[][], width: number): number[] {
  const widths = HEADERS.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  let excess = widths.reduce((a, b) => a + b, 0) + GAP.length * (HEADERS.length - 1) - width;
  for (const [header, floor] of SHRINK_STEPS) {
    if (excess <= 0) break;
    const i = HEADERS.indexOf(header);
    const current = widths[i] ?? 0;
    const give = Math.min(excess, Math.max(0, current - floor));
    widths[i] = current - give;
    excess -= give;
  }
  return widths;
}
