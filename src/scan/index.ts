/** The scan engine: take images apart, catalog packages, match vulnerabilities, write reports and SBOMs. */
export { scanImage, type ScanImageOptions, type ScanProgress } from './scan-image.js';
export { catalogers } from './catalog/catalogers.js';
export type { Cataloger, CatalogFile, CatalogResult, FileHeader } from './catalog/cataloger.js';
export { PACKAGE_TYPES, type Package, type PackageType } from './catalog/package.js';
export type { OsInfo } from './os/os-info.js';
export { openTarget, parsePlatform, DEFAULT_PLATFORM, ScanTargetError, type ImageSource, type LayerRef, type PlatformWanted } from './image/index.js';
export { DbLayerCache } from './layers/db-layer-cache.js';
export { DbInventoryStore, type InventoryStore } from './inventory/inventory-store.js';
export type { Inventory } from './inventory/build-inventory.js';
export { MemoryLayerCache, catalogerKey, type LayerCache } from './layers/layer-cache.js';
export { matchPackages, ecosystemsNeeded, indexKeysFor, indexKeyOfAffected, SEVERITIES, type Finding, type Severity, type CvssScore } from './match/index.js';
export type { ScanReport, ScanArtifact } from './report/scan-report.js';
export { formatNamed, REPORT_FORMATS, FORMAT_NAMES, type ReportFormat } from './report/formats.js';
export { HTML_CONTENT_SECURITY_POLICY } from './report/html-report.js';
export { filterFindings, type FindingFilter } from './report/filter-findings.js';
export { VulnerabilityDatabase, VulnerabilityIndex, OSV_BUCKET_URL, VulnDbError, type UpdateResult, type VulnDbStatus } from './vulndb/index.js';
export { comparatorFor, type VersionComparator } from './versions/index.js';
