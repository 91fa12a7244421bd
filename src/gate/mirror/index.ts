/** The mirror catalog's pure core: the catalog document, mirror paths, tag selectors and their order. */
export { MirrorError, type MirrorErrorCode } from './mirror-error.js';
export {
  parseCatalog,
  readCatalog,
  DEFAULT_PLATFORMS,
  MAX_TAGS_LIMIT,
  type Catalog,
  type CatalogInput,
  type CatalogImage,
  type CatalogUpstream,
} from './catalog-document.js';
export { mirrorTarget, sourceOfMirror, type MirrorTarget } from './mirror-path.js';
export { parseRegistryHost, canonicalRegistryHost, REGISTRY_HOST_HELP, type RegistryHost } from './registry-host.js';
export { compileTagSelector, type TagSelector } from './tag-selector.js';
export { parseTagPattern, TAG_PATTERN_HELP, type TagPattern } from './tag-pattern.js';
export { compareTags, newestFirst, tagVersion } from './tag-order.js';
