/** Tables of the governance part (policy/): versioned policy documents and exceptions (migration 0006-governance). */

/** One version of the org policy or of a team's policy; a new `apply` adds a row, nothing is updated. */
export interface PolicyVersionsTable {
  /** `org`, or `team:<team>`. */
  scope: string;
  /** 1, 2, 3, … per scope. */
  version: number;
  /** `metadata.name` of the document. */
  name: string;
  /** The YAML exactly as applied. */
  document: string;
  /** sha256 of the document text, hex. */
  digest: string;
  createdBy: string;
  createdAt: number;
}

/** An accepted vulnerability. Revocation sets revokedAt/revokedBy; rows are never deleted. */
export interface ExceptionsTable {
  id: string;
  vulnerability: string;
  /** JSON string[]: other names of the vulnerability that also match. */
  aliases: string;
  /** Package name or purl; null covers every package. */
  package: string | null;
  /** `org`, `team:<team>` or `repository:<repository>`. */
  scope: string;
  reason: string;
  /** OpenVEX justification, when one was given or imported. */
  justification: string | null;
  /** Where it came from when not typed in (`openvex:<document @id>`). */
  source: string | null;
  expiresAt: number;
  createdBy: string;
  createdAt: number;
  revokedAt: number | null;
  revokedBy: string | null;
}

export interface GovernanceTables {
  policyVersions: PolicyVersionsTable;
  exceptions: ExceptionsTable;
}
