/** The gate's tables (migration 0007-gate). */
export interface GateTables {
  jobs: JobsTable;
  gateImages: GateImagesTable;
  gateImageHistory: GateImageHistoryTable;
  gateImagePackages: GateImagePackagesTable;
  gateCursors: GateCursorsTable;
}

export interface GateCursorsTable {
  name: string;
  value: number;
}

export interface JobsTable {
  id: string;
  kind: string;
  dedupeKey: string | null;
  /** JSON. */
  payload: string;
  /** queued, running, done, failed */
  state: string;
  attempts: number;
  maxAttempts: number;
  runAfter: number;
  lockedBy: string | null;
  /** A running job whose lease passed is taken again: its worker died. */
  lockedUntil: number | null;
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface GateImagesTable {
  id: string;
  /** The quarantine repository it was pushed to. */
  repository: string;
  /** Manifest (or index) digest. */
  digest: string;
  team: string;
  mediaType: string;
  /** JSON string[]: tags pushed for this digest, promoted with it. */
  tags: string;
  /** received, scanning, approved, rejected, at-risk, revoked, error */
  state: string;
  /** JSON: the fail reasons of the current verdict. */
  reasons: string;
  /** JSON: the whole policy evaluation of the current verdict. */
  evaluation: string | null;
  /** JSON: counts by severity and package totals, for listings. */
  summary: string | null;
  policyVersion: string | null;
  /** The vulnerability index version the verdict was made with. */
  dbVersion: string | null;
  error: string | null;
  /** Blob digest of the latest JSON scan report (migration 0008 indexes it for GC). */
  reportDigest: string | null;
  /** Blob digest of the latest self-contained HTML report, with the verdict. */
  htmlReportDigest: string | null;
  receivedAt: number;
  decidedAt: number | null;
  approvedAt: number | null;
  /** When an approved image started failing its policy (start of its grace period). */
  failingSince: number | null;
  /** When an at-risk image will be revoked unless it passes again. */
  revokeAt: number | null;
  revokedAt: number | null;
  updatedAt: number;
}

export interface GateImageHistoryTable {
  imageId: string;
  at: number;
  fromState: string | null;
  toState: string;
  /** What caused the change: push, scan, db-update, policy, exception, grace-expired. */
  cause: string;
  detail: string | null;
}

export interface GateImagePackagesTable {
  imageId: string;
  ecosystem: string;
  packageName: string;
}
