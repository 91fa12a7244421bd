/**
 * The tables Airlock keeps, as Kysely sees them (camelCase; CamelCasePlugin maps
 * to snake_case columns). Times are milliseconds since the epoch.
 */
import type { Selectable } from 'kysely';
import type { AuditTables } from './tables/audit.js';
import type { DashboardTables } from './tables/dashboard.js';
import type { EventTables } from './tables/events.js';
import type { GateTables } from './tables/gate.js';
import type { GovernanceTables } from './tables/governance.js';
import type { MirrorTables } from './tables/mirror.js';

/** Every table. Parts added after the foundation describe theirs in tables/<part>.ts. */
export interface Database extends AuditTables, EventTables, GovernanceTables, GateTables, MirrorTables, DashboardTables {
  users: UsersTable;
  teams: TeamsTable;
  memberships: MembershipsTable;
  robotTokens: RobotTokensTable;
  signingKeys: SigningKeysTable;
  repositories: RepositoriesTable;
  blobs: BlobsTable;
  repositoryBlobs: RepositoryBlobsTable;
  manifests: ManifestsTable;
  manifestReferences: ManifestReferencesTable;
  tags: TagsTable;
  uploads: UploadsTable;
  advisories: AdvisoriesTable;
  affectedPackages: AffectedPackagesTable;
  advisorySources: AdvisorySourcesTable;
  layerAnalyses: LayerAnalysesTable;
  imageInventories: ImageInventoriesTable;
}

export interface UsersTable {
  id: string;
  username: string;
  passwordHash: string;
  /** Organisation-wide role: admin, security, developer or viewer. */
  role: string;
  createdAt: number;
  disabledAt: number | null;
}

export interface TeamsTable {
  id: string;
  name: string;
  createdAt: number;
}

export interface MembershipsTable {
  teamId: string;
  userId: string;
  /** developer (push to the team's quarantine) or viewer (pull only). */
  role: string;
  createdAt: number;
}

export interface RobotTokensTable {
  id: string;
  teamId: string;
  name: string;
  /** ci (push to quarantine, pull) or puller (pull approved images only). */
  role: string;
  secretHash: string;
  createdBy: string;
  createdAt: number;
  expiresAt: number | null;
  revokedAt: number | null;
  lastUsedAt: number | null;
}

export interface SigningKeysTable {
  kid: string;
  algorithm: string;
  privateJwk: string;
  publicJwk: string;
  createdAt: number;
}

export interface RepositoriesTable {
  name: string;
  createdAt: number;
}

export interface BlobsTable {
  digest: string;
  size: number;
  createdAt: number;
  /** Last time a manifest push, mount or upload pointed at this blob; GC spares recent ones. */
  lastReferencedAt: number;
}

export interface RepositoryBlobsTable {
  repository: string;
  digest: string;
  createdAt: number;
}

export interface ManifestsTable {
  repository: string;
  digest: string;
  mediaType: string;
  artifactType: string | null;
  subject: string | null;
  /** JSON of the manifest's own annotations, copied into referrers descriptors. */
  annotations: string | null;
  size: number;
  content: Buffer;
  createdAt: number;
}

export interface ManifestReferencesTable {
  repository: string;
  manifestDigest: string;
  childDigest: string;
  /** blob (config, layer) or manifest (index child). */
  childKind: string;
}

export interface TagsTable {
  repository: string;
  name: string;
  digest: string;
  updatedAt: number;
}

export interface UploadsTable {
  id: string;
  repository: string;
  createdAt: number;
  updatedAt: number;
}

/** One OSV advisory. JSON columns hold text; a set `withdrawn` marks a tombstone with no affected rows. */
export interface AdvisoriesTable {
  id: string;
  /** RFC 3339, as the record wrote it. */
  modified: string;
  published: string | null;
  withdrawn: string | null;
  summary: string | null;
  /** JSON string[]. */
  aliases: string;
  /** JSON string[] (OSV `upstream`, e.g. the CVE behind an ALPINE-CVE-… record). */
  upstream: string;
  /** JSON [{type, score}]. */
  severity: string;
  /** The source's own rating (`database_specific.severity`: GHSA's MODERATE, …), for advisories without a CVSS vector. */
  severityLabel: string | null;
  /** The import source that last wrote this advisory. */
  source: string;
  /** The whole OSV record as imported (JSON), to explain findings. */
  raw: string;
  importedAt: number;
}

/** One `affected[]` entry of an advisory, looked up by (ecosystem, packageName). */
export interface AffectedPackagesTable {
  advisoryId: string;
  /** Position in the record's `affected` array. */
  ordinal: number;
  /** Exactly as OSV writes it: `Debian:12`, `Alpine:v3.20`, `npm`, `PyPI`, `Go`. */
  ecosystem: string;
  packageName: string;
  purl: string | null;
  /** JSON [{type, repo?, events, databaseSpecific?}]. */
  ranges: string;
  /** JSON string[]. */
  versions: string;
  severity: string | null;
  ecosystemSpecific: string | null;
  databaseSpecific: string | null;
}

/** One place advisories are imported from (OSV zip URL, zip file or directory) and what its last update did. */
export interface AdvisorySourcesTable {
  location: string;
  /** url, zip or directory. */
  kind: string;
  /** JSON string[]: ecosystems seen in the source's records. */
  ecosystems: string;
  /** HTTP ETag of the last download, for conditional requests. */
  etag: string | null;
  records: number;
  added: number;
  updated: number;
  unchanged: number;
  withdrawn: number;
  invalid: number;
  /** Last time an update read the source (content changed or not). */
  updatedAt: number;
  /** Last time the source was checked, including a 304 Not Modified. */
  checkedAt: number;
}

export type UserRow = Selectable<UsersTable>;
export type TeamRow = Selectable<TeamsTable>;
export type RobotTokenRow = Selectable<RobotTokensTable>;
export type ManifestRow = Selectable<ManifestsTable>;

export interface LayerAnalysesTable {
  layerDigest: string;
  /** Hash of the cataloger names and versions the analysis was made with. */
  catalogerKey: string;
  /** gzip-compressed JSON of the LayerAnalysis. */
  analysis: Buffer;
  createdAt: number;
  lastUsedAt: number;
}

export interface ImageInventoriesTable {
  /** Manifest digest of the image. */
  imageDigest: string;
  catalogerKey: string;
  /** gzip-compressed JSON of the image's inventory: OS, packages, errors. */
  inventory: Buffer;
  createdAt: number;
}
