/**
 * Every output format of `airlock scan --format …`, in one explicit list (no
 * self-registration). Each renders a ScanReport to a string, purely: the CLI writes
 * it to stdout or `--output`, the API serves it with `mediaType`. A duplicate name
 * fails at start-up, when this module loads.
 */
import { toCycloneDx, type CycloneDxOptions } from '../sbom/cyclonedx.js';
import { toSpdx, type SpdxOptions } from '../sbom/spdx.js';
import { toHtml, type HtmlOptions } from './html-report.js';
import { toJson } from './json-report.js';
import { toJunit } from './junit-report.js';
import { ReportFormatError } from './report-format-error.js';
import { toSarif } from './sarif-report.js';
import type { ScanReport } from './scan-report.js';
import { toTable, type TableOptions } from './table-report.js';

/** Options of every format together; each format reads only its own. */
export type RenderOptions = TableOptions & CycloneDxOptions & SpdxOptions & HtmlOptions;

export interface ReportFormat {
  /** The `--format` value. */
  name: string;
  render(report: ScanReport, options?: RenderOptions): string;
  /** For HTTP responses (`Content-Type`). */
  mediaType: string;
  /** For `--output` defaults, without the dot; the conventional one where the format names one. */
  fileExtension: string;
}

export const REPORT_FORMATS: readonly ReportFormat[] = [
  { name: 'table', render: (report, options) => toTable(report, options), mediaType: 'text/plain; charset=utf-8', fileExtension: 'txt' },
  { name: 'json', render: (report) => toJson(report), mediaType: 'application/json', fileExtension: 'json' },
  { name: 'sarif', render: (report) => toSarif(report), mediaType: 'application/sarif+json', fileExtension: 'sarif' },
  {
    name: 'cyclonedx',
    render: (report, options) => toCycloneDx(report, options),
    // Registered with IANA by OWASP for CycloneDX JSON.
    mediaType: 'application/vnd.cyclonedx+json',
    fileExtension: 'cdx.json',
  },
  { name: 'spdx', render: (report, options) => toSpdx(report, options), mediaType: 'application/spdx+json', fileExtension: 'spdx.json' },
  { name: 'junit', render: (report) => toJunit(report), mediaType: 'application/xml', fileExtension: 'xml' },
  {
    name: 'html',
    // Only its own options: `width` and the SBOM options mean nothing to a page.
    render: (report, options) => toHtml(report, { verdict: options?.verdict, title: options?.title }),
    mediaType: 'text/html; charset=utf-8',
    fileExtension: 'html',
  },
];

const BY_NAME = new Map<string, ReportFormat>();
for (const format of REPORT_FORMATS) {
  if (BY_NAME.has(format.name)) throw new ReportFormatError('DUPLICATE_FORMAT', `report format "${format.name}" is listed twice in formats.ts`);
  BY_NAME.set(format.name, format);
}

export const FORMAT_NAMES: readonly string[] = REPORT_FORMATS.map((f) => f.name);

export function formatNamed(name: string): ReportFormat {
  const format = BY_NAME.get(name);
  if (format === undefined) {
    throw new ReportFormatError('UNKNOWN_FORMAT', `unknown report format "${name}"; valid formats: ${FORMAT_NAMES.join(', ')}`, {
      detail: { format: name, valid: FORMAT_NAMES },
    });
  }
  return format;
}
