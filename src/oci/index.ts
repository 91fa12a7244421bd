/** OCI primitives: digests, names, references, media types and manifest validation. */
export { OciError, type OciErrorCode } from './errors.js';
export { parseDigest, isDigest, digestOf, createDigester, type Digest, type DigestAlgorithm, type ParsedDigest } from './digest.js';
export { isRepositoryName, assertRepositoryName, isTag, assertTag, MAX_REPOSITORY_NAME_LENGTH } from './repository-name.js';
export { parseImageReference, formatImageReference, type ImageReference } from './reference.js';
export { MediaType, MANIFEST_MEDIA_TYPES, isIndexMediaType, isManifestMediaType, isNonDistributable } from './media-types.js';
export { descriptorSchema, type Descriptor } from './descriptor.js';
export { parseManifest, type ParsedManifest } from './manifest.js';
export {
  RegistryClient,
  RegistryClientError,
  registryAddress,
  isLoopback,
  DOCKER_HUB,
  selectPlatforms,
  type RegistryClientOptions,
  type RegistryCredentials,
  type RegistryPasswordCredentials,
  type RegistryTokenCredentials,
  type RegistryWaitInfo,
  type RegistryClientErrorCode,
  type FetchedManifest,
  type BlobOptions,
  type BlobWriter,
  type BlobDownload,
  type PlatformSpec,
  type RegistryAddress,
} from './registry-client/index.js';
