/** The audit trail: an append-only, hash-chained log of every state change; verify, query, export. */
export { AuditLog, type AuditClock } from './audit-log.js';
export { computeEntryHash, GENESIS_HASH, type AuditEntry, type AuditEntryFields, type NewAuditEntry } from './audit-entry.js';
export { canonicalJson, type JsonObject, type JsonValue } from './canonical-json.js';
export { verifyAuditLog, type AuditBreak, type AuditVerification, type VerifyOptions } from './verify.js';
export { queryAuditLog, MAX_QUERY_LIMIT, type AuditPage, type AuditQuery } from './query.js';
export { exportAuditLog, type AuditExportFormat, type AuditExportOptions } from './export.js';
export { AuditError, type AuditErrorCode } from './errors.js';
