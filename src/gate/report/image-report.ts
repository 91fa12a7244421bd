/**
 * One scan report per judged image, in the same shape as `airlock scan --format
 * json`, so the stored JSON, the SARIF/JUnit/SBOM renderings and a local scan
 * read alike. An index's platform images are merged into one report: the verdict
 * is per pushed digest, so is its report. Pure: facts in, report out.
 */
import type { Finding, Package, ScanReport } from '../../scan/index.js';
import type { PlatformFacts } from '../judge-image.js';

export interface ImageReportInput {
  repository: string;
  digest: string;
  facts: readonly PlatformFacts[];
  /** RFC 3339 time of the verdict this report goes with. */
  createdAt: string;
  scannerVersion: string;
  vulnerabilityDb?: { updatedAt?: string; advisories: number };
}

export function imageScanReport(input: ImageReportInput): ScanReport {
  const { facts } = input;
  const platforms = facts.map((f) => f.platform).filter((p): p is string => p !== undefined);
  const incompleteLayers = unique(facts.flatMap((f) => f.incompleteLayers));
  // Platform images of one index share no OS guarantee; the first one stands for a single-platform image.
  const os = facts.length === 1 ? facts[0]?.os : undefined;
  return {
    schemaVersion: 1,
    createdAt: input.createdAt,
    scanner: { name: 'airlock', version: input.scannerVersion, ...(input.vulnerabilityDb ? { vulnerabilityDb: input.vulnerabilityDb } : {}) },
    artifact: {
      name: `${input.repository}@${input.digest}`,
      digest: input.digest,
      layers: unique(facts.flatMap((f) => f.layers ?? [])),
      ...(platforms.length > 0 ? { platform: platforms.join(', ') } : {}),
      ...(incompleteLayers.length > 0 ? { incompleteLayers } : {}),
    },
    ...(os ? { os } : {}),
    packages: uniqueBy(facts.flatMap((f) => f.packages), packageKey),
    vulnerabilities: uniqueBy(facts.flatMap((f) => f.findings), findingKey),
    errors: unique(facts.flatMap((f) => (f.errors ?? []).map((error) => (facts.length > 1 && f.platform ? `${f.platform}: ${error}` : error)))),
  };
}

/** The same package seen in two platform images (a shared base layer) is listed once. */
const packageKey = (p: Package): string => `${p.purl}\0${p.path}\0${p.layer ?? ''}`;
const findingKey = (f: Finding): string => `${f.id}\0${f.purl}\0${f.path}`;

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function uniqueBy<T>(values: readonly T[], key: (value: T) => string): T[] {
  return [...new Map(values.map((value) => [key(value), value])).values()];
}
