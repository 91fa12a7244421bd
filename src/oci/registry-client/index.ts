export { RegistryClient, type RegistryClientOptions, type RegistryCredentials, type FetchedManifest } from './registry-client.js';
export { RegistryClientError, type RegistryClientErrorCode } from './registry-client-error.js';
export { registryAddress, isLoopback, DOCKER_HUB, type RegistryAddress } from './registry-address.js';
export { parseChallenge, type Challenge } from './www-authenticate.js';
