/**
 * The subset of the SPDX 2.3 JSON document Airlock writes (field names and meaning
 * from the SPDX 2.3 specification, clauses 6 to 11; validated against the official
 * JSON schema in the tests).
 */
export type SpdxPurpose = 'CONTAINER' | 'OPERATING-SYSTEM' | 'LIBRARY' | 'APPLICATION';

export interface SpdxPackage {
  name: string;
  /** `SPDXRef-` followed by letters, digits, `.` and `-` only (clause 7.2). */
  SPDXID: string;
  versionInfo?: string;
  /** Where the package can be downloaded; Airlock only saw it installed, so NOASSERTION. */
  downloadLocation: 'NOASSERTION';
  /** False: Airlock does not list a package's files, and true would require a verification code. */
  filesAnalyzed: false;
  licenseConcluded: 'NOASSERTION';
  licenseDeclared: string;
  copyrightText: 'NOASSERTION';
  sourceInfo?: string;
  description?: string;
  externalRefs?: { referenceCategory: 'PACKAGE-MANAGER'; referenceType: 'purl'; referenceLocator: string }[];
  primaryPackagePurpose: SpdxPurpose;
}

export interface SpdxExtractedLicense {
  licenseId: string;
  name: string;
  extractedText: string;
  comment?: string;
}

export interface SpdxRelationship {
  spdxElementId: string;
  relationshipType: 'DESCRIBES' | 'CONTAINS';
  relatedSpdxElement: string;
}

export interface SpdxDocument {
  spdxVersion: 'SPDX-2.3';
  dataLicense: 'CC0-1.0';
  SPDXID: 'SPDXRef-DOCUMENT';
  name: string;
  documentNamespace: string;
  creationInfo: { created: string; creators: string[] };
  packages: SpdxPackage[];
  relationships: SpdxRelationship[];
  hasExtractedLicensingInfos?: SpdxExtractedLicense[];
}
