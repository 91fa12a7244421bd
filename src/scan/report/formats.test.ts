import { describe, expect, it } from 'vitest';
import { isAirlockError } from '../../errors/index.js';
import { debianImageReport, emptyReport } from './fixtures/sample-reports.js';
import { FORMAT_NAMES, formatNamed, REPORT_FORMATS } from './formats.js';
import { toHtml } from './html-report.js';
import { toJson } from './json-report.js';

describe('report formats', () => {
  it('lists every --format value once', () => {
    expect(FORMAT_NAMES).toEqual(['table', 'json', 'sarif', 'cyclonedx', 'spdx', 'junit', 'html']);
  });

  it('renders every format, for full and empty reports, with a media type and extension', () => {
    for (const format of REPORT_FORMATS) {
      expect(format.mediaType).toMatch(/^[a-z]+\/[a-z0-9.+-]+(; charset=utf-8)?$/);
      expect(format.fileExtension).toMatch(/^[a-z]+(\.[a-z]+)?$/);
      for (const report of [debianImageReport(), emptyReport()]) {
        const out = format.render(report, {});
        expect(out.endsWith('\n')).toBe(true);
        if (format.mediaType.includes('json')) expect(() => JSON.parse(out) as unknown).not.toThrow();
      }
    }
  });

  it('finds a format by name and passes its options through', () => {
    expect(formatNamed('json').render(emptyReport())).toBe(toJson(emptyReport()));
    const narrow = formatNamed('table').render(debianImageReport(), { width: 50 });
    for (const line of narrow.trimEnd().split('\n')) expect(Array.from(line).length).toBeLessThanOrEqual(50);
    const serial = 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79';
    expect(JSON.parse(formatNamed('cyclonedx').render(emptyReport(), { serialNumber: serial, specVersion: '1.5' }))).toMatchObject({ serialNumber: serial, specVersion: '1.5' });
    expect(JSON.parse(formatNamed('spdx').render(emptyReport(), { documentNamespace: 'https://airlock.example.com/spdx/x' }))).toMatchObject({
      documentNamespace: 'https://airlock.example.com/spdx/x',
    });
  });

  it('renders html as a page, with the verdict when one is passed', () => {
    const html = formatNamed('html');
    expect(html).toMatchObject({ mediaType: 'text/html; charset=utf-8', fileExtension: 'html' });
    expect(html.render(emptyReport(), { width: 40 })).toBe(toHtml(emptyReport()));
    const verdict = { state: 'approved', reasons: [] };
    expect(html.render(debianImageReport(), { verdict, title: 'payments/api' })).toBe(toHtml(debianImageReport(), { verdict, title: 'payments/api' }));
  });

  it('names the valid formats when asked for an unknown one', () => {
    expect(() => formatNamed('xml')).toThrow('unknown report format "xml"; valid formats: table, json, sarif, cyclonedx, spdx, junit, html');
    try {
      formatNamed('CycloneDX');
    } catch (error) {
      expect(isAirlockError(error) && error.code === 'UNKNOWN_FORMAT' && error.status === 400).toBe(true);
    }
  });
});
