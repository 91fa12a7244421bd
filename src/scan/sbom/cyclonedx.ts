/**
 * `airlock scan --format cyclonedx`: the scan as a CycloneDX JSON BOM, built with
 * @cyclonedx/cyclonedx-library so the document follows the spec version's schema.
 *
 * Deterministic: components, vulnerabilities and properties are inserted in a fixed
 * order and serialised without the library's re-sorting, every bom-ref is set
 * explicitly (the library would otherwise invent random ones), and the serial number
 * and timestamp come from the caller or from the report.
 */
import { Enums, Models, Serialize, Spec } from '@cyclonedx/cyclonedx-library';
import { OS_PACKAGE_TYPES, type Package } from '../catalog/package.js';
import type { Finding } from '../match/finding.js';
import type { ScanReport } from '../report/scan-report.js';
import { imageComponent, osComponent, packageBomRefs, packageComponent } from './cyclonedx-component.js';
import { cyclonedxVulnerabilities } from './cyclonedx-vulnerability.js';
import { scanDocumentUuid } from './document-id.js';
import { sortPackages } from './package-order.js';

export type CycloneDxSpecVersion = '1.5' | '1.6';

export interface CycloneDxOptions {
  /** Default 1.6. 1.5 for consumers that do not read 1.6 yet; both carry CVSS v4 ratings. */
  specVersion?: CycloneDxSpecVersion;
  /** `urn:uuid:…`; default: derived from the report, so one scan always gives the same serial. */
  serialNumber?: string;
}

const SPECS = { '1.5': Spec.Spec1dot5, '1.6': Spec.Spec1dot6 } as const;

export function toCycloneDx(report: ScanReport, options: CycloneDxOptions = {}): string {
  const bom = new Models.Bom({ serialNumber: options.serialNumber ?? `urn:uuid:${scanDocumentUuid(report, 'cyclonedx')}` });
  const created = new Date(report.createdAt);
  if (!Number.isNaN(created.getTime())) bom.metadata.timestamp = created;
  bom.metadata.tools.components.add(
    new Models.Component(Enums.ComponentType.Application, report.scanner.name, { bomRef: `tool:${report.scanner.name}@${report.scanner.version}`, version: report.scanner.version }),
  );
  const db = report.scanner.vulnerabilityDb;
  if (db?.updatedAt !== undefined) bom.metadata.properties.add(new Models.Property('airlock:vulnerability-db:updated-at', db.updatedAt));
  if (db !== undefined) bom.metadata.properties.add(new Models.Property('airlock:vulnerability-db:advisories', String(db.advisories)));

  const image = imageComponent(report.artifact);
  bom.metadata.component = image;
  const os = report.os === undefined ? undefined : osComponent(report.os);
  if (os !== undefined) {
    bom.components.add(os);
    image.dependencies.add(os.bomRef);
  }

  const packages = sortPackages(withFindingPackages(report.packages, report.vulnerabilities));
  const refs = packageBomRefs(packages);
  const components = new Map<Package, Models.Component>();
  for (const pkg of packages) {
    const component = packageComponent(pkg, refs.get(pkg) ?? pkg.purl);
    components.set(pkg, component);
    bom.components.add(component);
    // The dependency graph Trivy and Grype draw: the image holds the OS, the OS holds its packages, the image holds the rest.
    (os !== undefined && OS_PACKAGE_TYPES.has(pkg.type) ? os : image).dependencies.add(component.bomRef);
  }

  const lookup = packageLookup(packages);
  const refOf = (finding: Finding): Models.BomRef => {
    const pkg = lookup(finding);
    return (pkg === undefined ? undefined : components.get(pkg)?.bomRef) ?? image.bomRef;
  };
  for (const vulnerability of cyclonedxVulnerabilities(report.vulnerabilities, refOf)) bom.vulnerabilities.add(vulnerability);

  const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(SPECS[options.specVersion ?? '1.6']));
  return `${serializer.serialize(bom, { sortLists: false, space: 2 })}\n`;
}

/** Finds the package a finding is about: same purl and path, else same purl (a report whose paths disagree). */
function packageLookup(packages: readonly Package[]): (finding: Finding) => Package | undefined {
  const byPurlAndPath = new Map<string, Package>();
  const byPurl = new Map<string, Package>();
  for (const pkg of packages) {
    if (!byPurlAndPath.has(`${pkg.purl}\u0000${pkg.path}`)) byPurlAndPath.set(`${pkg.purl}\u0000${pkg.path}`, pkg);
    if (!byPurl.has(pkg.purl)) byPurl.set(pkg.purl, pkg);
  }
  return (finding) => byPurlAndPath.get(`${finding.purl}\u0000${finding.path}`) ?? byPurl.get(finding.purl);
}

/**
 * A finding should always name a package of the same report; if one does not (a report
 * assembled by hand, a matcher bug), its package is added from the finding's own fields
 * so `affects` never points at nothing.
 */
function withFindingPackages(packages: readonly Package[], findings: readonly Finding[]): Package[] {
  const known = new Set(packages.map((p) => p.purl));
  const result = [...packages];
  for (const finding of findings) {
    if (known.has(finding.purl)) continue;
    known.add(finding.purl);
    result.push({ name: finding.package, version: finding.installedVersion, type: finding.packageType, purl: finding.purl, path: finding.path, layer: finding.layer });
  }
  return result;
}
