/**
 * `airlock scan --format json`: the ScanReport itself, as documented. Objects are
 * rebuilt field by field in the order the types declare them, so the key order is
 * the same whatever order the scanner filled them in, fields outside the contract
 * never leak out, and absent optional fields are omitted rather than written as null.
 * Array order is the scanner's (it is the record); `metadata` keys are sorted.
 */
import type { Package } from '../catalog/package.js';
import type { Finding } from '../match/finding.js';
import type { OsInfo } from '../os/os-info.js';
import type { ScanArtifact, ScanReport } from './scan-report.js';

export function toJson(report: ScanReport): string {
  const ordered: ScanReport = {
    schemaVersion: report.schemaVersion,
    createdAt: report.createdAt,
    scanner: compact({
      name: report.scanner.name,
      version: report.scanner.version,
      vulnerabilityDb:
        report.scanner.vulnerabilityDb === undefined
          ? undefined
          : compact({ updatedAt: report.scanner.vulnerabilityDb.updatedAt, advisories: report.scanner.vulnerabilityDb.advisories }),
    }),
    artifact: artifact(report.artifact),
    os: report.os === undefined ? undefined : os(report.os),
    packages: report.packages.map(pkg),
    vulnerabilities: report.vulnerabilities.map(finding),
    errors: [...report.errors],
  };
  return `${JSON.stringify(compact(ordered), null, 2)}\n`;
}

function artifact(a: ScanArtifact): ScanArtifact {
  return compact({ name: a.name, digest: a.digest, layers: [...a.layers], platform: a.platform, incompleteLayers: a.incompleteLayers === undefined ? undefined : [...a.incompleteLayers] });
}

function os(o: OsInfo): OsInfo {
  return compact({ family: o.family, version: o.version, codename: o.codename, name: o.name, source: o.source });
}

function pkg(p: Package): Package {
  return compact({
    name: p.name,
    version: p.version,
    type: p.type,
    source: p.source === undefined ? undefined : compact({ name: p.source.name, version: p.source.version }),
    arch: p.arch,
    licenses: p.licenses === undefined ? undefined : [...p.licenses],
    purl: p.purl,
    path: p.path,
    layer: p.layer,
    dev: p.dev,
    metadata: p.metadata === undefined ? undefined : sortedKeys(p.metadata),
  });
}

function finding(f: Finding): Finding {
  return compact({
    id: f.id,
    aliases: [...f.aliases],
    package: f.package,
    packageType: f.packageType,
    purl: f.purl,
    path: f.path,
    layer: f.layer,
    installedVersion: f.installedVersion,
    fixedVersion: f.fixedVersion,
    severity: f.severity,
    cvss: f.cvss === undefined ? undefined : { version: f.cvss.version, vector: f.cvss.vector, score: f.cvss.score },
    source: f.source,
    summary: f.summary,
    references: f.references === undefined ? undefined : [...f.references],
  });
}

function sortedKeys(record: Record<string, string | number | boolean>): Record<string, string | number | boolean> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The same object without its undefined fields (JSON.stringify would drop them too, but tests compare objects). */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
