/** The OSV vulnerability database: import (zip, directory, URL), storage, and the in-memory index for matching. */
export { VulnerabilityDatabase, type UpdateOptions, type UpdateResult, type SourceUpdate, type VulnDbStatus, type EcosystemCount } from './vulnerability-database.js';
export { VulnerabilityIndex, type AffectedEntry, type IndexedAdvisory, type IndexStats } from './vulnerability-index.js';
export { loadAdvisories, loadVulnerabilityIndex, type IndexLoadOptions } from './index-loader.js';
export { importAdvisories, type ImportCounts, type ImportOptions, type ImportProgress, type ImportResult } from './osv-importer.js';
export { AdvisoryStore } from './advisory-store.js';
export { openSource, type OpenedSource, type SourceEntry, type SourceKind } from './import-source.js';
export { parseOsvRecord, type ParsedOsvRecord } from './parse-osv-record.js';
export { DEFAULT_ECOSYSTEMS, OSV_BUCKET_URL, baseEcosystem, ecosystemZipUrl } from './ecosystems.js';
export { normalizePackageName } from './package-name.js';
export { compareTimestamps } from './osv-timestamp.js';
export { VulnDbError, type VulnDbErrorCode } from './vulndb-error.js';
export type { SourceRecord } from './source-ledger.js';
export type { OsvAffected, OsvEvent, OsvEventKind, OsvPackage, OsvRange, OsvRangeType, OsvRecord, OsvSeverity, OsvSeverityType } from './osv-schema.js';
