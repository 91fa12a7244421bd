/**
 * `airlock scan --format spdx`: the scan as an SPDX 2.3 JSON document, written by hand
 * (no maintained JavaScript library writes SPDX 2.3). The document DESCRIBES the image;
 * the image CONTAINS the operating system and every package. Deterministic: packages
 * in a fixed order, ids derived from content, namespace and time from the report.
 */
import type { Package } from '../catalog/package.js';
import type { ScanReport } from '../report/scan-report.js';
import { scanDocumentUuid, shortHash } from './document-id.js';
import { sortPackages } from './package-order.js';
import type { SpdxDocument, SpdxPackage, SpdxRelationship } from './spdx-document.js';
import { IdAllocator, LicenseRefs } from './spdx-ids.js';
import { extractedLicensingInfos, licenseDeclared } from './spdx-license.js';

export interface SpdxOptions {
  /**
   * The document's unique absolute URI (SPDX 2.3 clause 6.5), e.g. under the server's
   * public URL. Default: a `urn:uuid:` derived from the report, unique per scan.
   */
  documentNamespace?: string;
}

const NO_LICENSE_INFO = { licenseConcluded: 'NOASSERTION', copyrightText: 'NOASSERTION', downloadLocation: 'NOASSERTION', filesAnalyzed: false } as const;

export function toSpdx(report: ScanReport, options: SpdxOptions = {}): string {
  const ids = new IdAllocator();
  const licenseRefs = new LicenseRefs();
  const { artifact } = report;

  const image: SpdxPackage = {
    name: artifact.name,
    SPDXID: ids.allocate('SPDXRef-Image', artifact.name),
    ...(artifact.digest === undefined ? {} : { versionInfo: artifact.digest }),
    ...NO_LICENSE_INFO,
    licenseDeclared: 'NOASSERTION',
    ...(artifact.platform === undefined ? {} : { description: `Container image for ${artifact.platform}` }),
    primaryPackagePurpose: 'CONTAINER',
  };
  const packages: SpdxPackage[] = [image];
  if (report.os !== undefined) {
    const { os } = report;
    packages.push({
      name: os.family,
      SPDXID: ids.allocate('SPDXRef-OperatingSystem', os.family, os.version),
      versionInfo: os.version,
      ...NO_LICENSE_INFO,
      licenseDeclared: 'NOASSERTION',
      sourceInfo: `identified from ${os.source}`,
      ...(os.name === undefined ? {} : { description: os.name }),
      primaryPackagePurpose: 'OPERATING-SYSTEM',
    });
  }
  for (const pkg of sortPackages(report.packages)) packages.push(spdxPackage(pkg, ids, licenseRefs));

  const relationships: SpdxRelationship[] = [
    { spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: image.SPDXID },
    ...packages.slice(1).map((p): SpdxRelationship => ({ spdxElementId: image.SPDXID, relationshipType: 'CONTAINS', relatedSpdxElement: p.SPDXID })),
  ];
  const extracted = extractedLicensingInfos(licenseRefs);
  const document: SpdxDocument = {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: artifact.name,
    documentNamespace: options.documentNamespace ?? `urn:uuid:${scanDocumentUuid(report, 'spdx')}`,
    creationInfo: { created: spdxTimestamp(report.createdAt), creators: [`Tool: ${report.scanner.name}-${report.scanner.version}`] },
    packages,
    relationships,
    ...(extracted.length === 0 ? {} : { hasExtractedLicensingInfos: extracted }),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

function spdxPackage(pkg: Package, ids: IdAllocator, licenseRefs: LicenseRefs): SpdxPackage {
  // The hash of purl and path keeps ids of look-alike names apart (`@a/b` and `a-b` sanitise alike).
  const SPDXID = ids.allocate('SPDXRef-Package', pkg.type, pkg.name, shortHash(`${pkg.purl}\u0000${pkg.path}`));
  const origin = [`acquired package info from ${pkg.path}`];
  if (pkg.layer !== undefined) origin.push(`in layer ${pkg.layer}`);
  if (pkg.source !== undefined) origin.push(`built from source package ${[pkg.source.name, pkg.source.version].filter((s) => s !== undefined).join(' ')}`);
  return {
    name: pkg.name,
    SPDXID,
    versionInfo: pkg.version,
    ...NO_LICENSE_INFO,
    licenseDeclared: licenseDeclared(pkg.licenses, licenseRefs),
    sourceInfo: origin.join(', '),
    externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: pkg.purl }],
    primaryPackagePurpose: 'LIBRARY',
  };
}

/** SPDX wants UTC to the second, `YYYY-MM-DDThh:mm:ssZ` (clause 6.9); JavaScript adds milliseconds. */
function spdxTimestamp(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
