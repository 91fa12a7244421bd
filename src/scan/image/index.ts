/** Where images come from: OCI layouts, Docker archives, registries, root filesystems. */
export { openTarget, type OpenTargetOptions } from './open-target.js';
export { DEFAULT_PLATFORM, parsePlatform, formatPlatform, type ImageSource, type LayerRef, type ImageConfigSummary, type PlatformWanted } from './image-source.js';
export { ScanTargetError, type ScanTargetErrorCode } from './scan-target-error.js';
