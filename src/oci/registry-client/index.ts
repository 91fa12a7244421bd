export { RegistryClient, type FetchedManifest, type BlobOptions, type BlobWriter } from './registry-client.js';
export type { RegistryClientOptions, RegistryCredentials, RegistryPasswordCredentials, RegistryTokenCredentials, RegistryWaitInfo } from './registry-client-options.js';
export { RegistryClientError, type RegistryClientErrorCode, type RegistryClientErrorDetail } from './registry-client-error.js';
export type { BlobDownload } from './blob-download.js';
export { selectPlatforms, parsePlatform, formatPlatform, type PlatformSpec, type IndexInput } from './platform-selection.js';
export { parseRateLimit, type RateLimitInfo } from './rate-limit.js';
export { parseRetryAfter } from './retry-delay.js';
export { registryAddress, isLoopback, DOCKER_HUB, type RegistryAddress } from './registry-address.js';
export { parseChallenge, type Challenge } from './www-authenticate.js';
