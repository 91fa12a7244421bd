/**
 * Where a reference's registry really lives: Docker Hub's `docker.io` is served
 * from registry-1.docker.io and single-name repositories live under `library/`.
 */
export const DOCKER_HUB = 'docker.io';
const DOCKER_HUB_API = 'registry-1.docker.io';

export interface RegistryAddress {
  /** host[:port] the API is reached at. */
  apiHost: string;
  /** Repository path as the registry knows it. */
  repository: string;
}

export function registryAddress(host: string | undefined, repository: string): RegistryAddress {
  const registry = host ?? DOCKER_HUB;
  if (registry === DOCKER_HUB || registry === 'index.docker.io') {
    return { apiHost: DOCKER_HUB_API, repository: repository.includes('/') ? repository : `library/${repository}` };
  }
  return { apiHost: registry, repository };
}

/** Loopback registries are spoken to over plain HTTP unless told otherwise, as docker does. */
export function isLoopback(host: string): boolean {
  const name = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return name === 'localhost' || name === '::1' || /^127\./.test(name);
}
