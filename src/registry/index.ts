/** The OCI registry: HTTP API, metadata stores, promotion and garbage collection. */
export { registryPlugin, registryRouteLabel, type RegistryPluginOptions } from './plugin.js';
export { RegistryAccess, type RegistryAccessOptions, type Actor } from './access.js';
export { RegistryError, registryErrorDescriptors, type RegistryErrorCode } from './errors.js';
export type { RegistryContext, ByteCounters } from './registry-context.js';
export type { LoginAttempt } from './routes/token.js';
export { BlobLedger } from './store/blob-ledger.js';
export { ManifestStore } from './store/manifest-store.js';
export { UploadSessions } from './store/upload-sessions.js';
export { listRepositories } from './store/repositories.js';
export { LocalImageWriter } from './local-image-writer.js';
export { Promoter, type PromotionRequest, type PromotionResult } from './promotion.js';
export { GarbageCollector, type GcOptions, type GcReport } from './garbage-collector.js';
