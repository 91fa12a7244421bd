/** Tables of the audit part (created by migration 0004-audit-log). */
export interface AuditTables {
  auditLog: AuditLogTable;
}

/**
 * One entry of the hash-chained audit trail. Rows are only ever inserted
 * (triggers refuse UPDATE and DELETE); `seq` is contiguous from 1 and
 * `hash = sha256(prevHash + canonicalJson({seq, time, actor, action, target, details}))`.
 */
export interface AuditLogTable {
  seq: number;
  /** Milliseconds since the epoch. */
  time: number;
  /** Who acted: `user:alice`, `robot:<id>`, `system`. */
  actor: string;
  /** What happened, dotted: `image.pushed`, `policy.applied`. */
  action: string;
  /** What it happened to, e.g. `quarantine/acme/api@sha256:…`; null when nothing in particular. */
  target: string | null;
  /** Canonical JSON of the entry's details object. */
  details: string;
  /** Hex SHA-256 of the previous entry; 64 zeros for the first. */
  prevHash: string;
  /** Hex SHA-256 of this entry. */
  hash: string;
}
