import { describe, expect, it } from 'vitest';
import { debianImageReport, emptyReport, hostileReport } from './fixtures/sample-reports.js';
import { toJson } from './json-report.js';
import type { ScanReport } from './scan-report.js';

describe('toJson', () => {
  it('round-trips to exactly the report', () => {
    for (const report of [debianImageReport(), emptyReport(), hostileReport()]) {
      expect(JSON.parse(toJson(report))).toEqual(report);
    }
  });

  it('keeps the layers that could not be read, so a reader knows the inventory is incomplete', () => {
    const report = debianImageReport();
    report.artifact.incompleteLayers = [report.artifact.layers[0] ?? 'sha256:missing'];
    expect(JSON.parse(toJson(report))).toEqual(report);
  });

  it('is pretty-printed with a trailing newline', () => {
    const json = toJson(emptyReport());
    expect(json).toBe(`${JSON.stringify(emptyReport(), null, 2)}\n`);
  });

  it('writes keys in the documented order, whatever order the scanner filled them in', () => {
    const report = debianImageReport();
    const reordered: ScanReport = {
      errors: report.errors, vulnerabilities: report.vulnerabilities.map((f) => ({ ...Object.fromEntries(Object.entries(f).reverse()) }) as typeof f),
      packages: report.packages.map((p) => ({ ...Object.fromEntries(Object.entries(p).reverse()) }) as typeof p), os: report.os, artifact: report.artifact,
      scanner: report.scanner, createdAt: report.createdAt, schemaVersion: 1,
    };
    expect(toJson(reordered)).toBe(toJson(report));
    const parsed = JSON.parse(toJson(reordered)) as Record<string, unknown> & { packages: object[]; vulnerabilities: object[] };
    expect(Object.keys(parsed)).toEqual(['schemaVersion', 'createdAt', 'scanner', 'artifact', 'os', 'packages', 'vulnerabilities', 'errors']);
    expect(Object.keys(parsed.packages[0] ?? {})).toEqual(['name', 'version', 'type', 'source', 'arch', 'licenses', 'purl', 'path', 'layer']);
    expect(Object.keys(parsed.vulnerabilities[0] ?? {})).toEqual([
      'id', 'aliases', 'package', 'packageType', 'purl', 'path', 'layer', 'installedVersion', 'fixedVersion', 'severity', 'cvss', 'source', 'summary', 'references',
    ]);
  });

  it('keeps nothing outside the contract and omits absent fields', () => {
    const report = emptyReport();
    (report as ScanReport & { internal?: string }).internal = 'cache key';
    report.packages.push({ name: 'x', version: '1', type: 'npm', purl: 'pkg:npm/x@1', path: '/p', metadata: { z: 1, a: true } });
    const parsed = JSON.parse(toJson(report)) as { internal?: string; os?: unknown; packages: { metadata: object; layer?: unknown }[] };
    expect(parsed.internal).toBeUndefined();
    expect('os' in parsed).toBe(false);
    expect('layer' in (parsed.packages[0] ?? {})).toBe(false);
    expect(Object.keys(parsed.packages[0]?.metadata ?? {})).toEqual(['a', 'z']);
  });
});
