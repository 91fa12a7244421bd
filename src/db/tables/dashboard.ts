/** Tables the dashboard reads (migration 0010-dashboard). */
export interface DashboardTables {
  gateImageFindings: GateImageFindingsTable;
  gateImageFacets: GateImageFacetsTable;
  webSessions: WebSessionsTable;
}

/** One finding of an image under one of its identifiers (the preferred id, then each alias). */
export interface GateImageFindingsTable {
  imageId: string;
  identifier: string;
  vulnerabilityId: string;
  packageType: string;
  packageName: string;
  purl: string;
  installedVersion: string;
  fixedVersion: string | null;
  severity: string;
  /** 1 when an active exception kept it out of the verdict. */
  excepted: number;
  firstSeenAt: number;
  /** When a later verdict no longer found it; null while open. */
  resolvedAt: number | null;
}

/** Per-image counts of open findings by severity, for sorting and filtering. */
export interface GateImageFacetsTable {
  imageId: string;
  critical: number;
  high: number;
  medium: number;
  low: number;
  unknown: number;
  /** 4 critical, 3 high, 2 medium, 1 low, 0 none. */
  maxSeverity: number;
}

/** A signed-in browser. */
export interface WebSessionsTable {
  idHash: string;
  userId: string;
  csrfToken: string;
  createdAt: number;
  expiresAt: number;
}
