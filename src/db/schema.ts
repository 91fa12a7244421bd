/**
 * The tables Airlock keeps, as Kysely sees them (camelCase; CamelCasePlugin maps
 * to snake_case columns). Times are milliseconds since the epoch.
 */
import type { Selectable } from 'kysely';

export interface Database {
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

export type UserRow = Selectable<UsersTable>;
export type TeamRow = Selectable<TeamsTable>;
export type RobotTokenRow = Selectable<RobotTokensTable>;
export type ManifestRow = Selectable<ManifestsTable>;
