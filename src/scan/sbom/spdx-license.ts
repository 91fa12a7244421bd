/**
 * `licenseDeclared` for SPDX: must be one valid SPDX licence expression, NONE or
 * NOASSERTION (SPDX 2.3 clause 7.15). Valid declared expressions are kept as written,
 * several are joined with AND; free text becomes a `LicenseRef-…` whose original text
 * is recorded in `hasExtractedLicensingInfos`, so nothing the package said is lost.
 */
import { conjoin, declaredLicenses } from './license-expression.js';
import type { SpdxExtractedLicense } from './spdx-document.js';
import type { LicenseRefs } from './spdx-ids.js';

export function licenseDeclared(licenses: readonly string[] | undefined, refs: LicenseRefs): string {
  const declared = declaredLicenses(licenses);
  if (declared.length === 0) return 'NOASSERTION';
  const expressions = declared.map((license) => {
    // A DocumentRef points into another SPDX document this one does not reference: as good as free text.
    if (license.kind === 'name' || license.text.includes('DocumentRef-')) return { text: refs.refFor(license.text) };
    // A LicenseRef the package declared itself must still be defined in this document.
    for (const ref of license.text.match(/LicenseRef-[A-Za-z0-9.-]+/g) ?? []) refs.declare(ref, license.text);
    return license;
  });
  return conjoin(expressions);
}

export function extractedLicensingInfos(refs: LicenseRefs): SpdxExtractedLicense[] {
  return refs.entries().map(([licenseId, text]) => ({
    licenseId,
    name: text,
    extractedText: text,
    comment: 'As the package declared it; Airlock did not collect the licence text itself.',
  }));
}
