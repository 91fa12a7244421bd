/**
 * Where a mirrored image lives (ARCHITECTURE.md "Repository layout"): the
 * upstream host is kept as the first path component, so two registries'
 * `library/debian` never meet.
 *
 *   registry.example:5000/library/debian → mirror/registry.example_5000/library/debian
 *   grafana/grafana                      → mirror/docker.io/grafana/grafana
 *   debian                               → mirror/docker.io/library/debian
 *   [::1]:5000/team/app                  → mirror/ip6__0-0-0-0-0-0-0-1_5000/team/app
 *
 * It waits for its verdict in `quarantine/mirror/<same>`. The host component's
 * encoding (registry-host.ts) is reversible, so a pull of a mirror path can
 * find its upstream again (pull-through).
 */
import { MIRROR_PREFIX, QUARANTINE_PREFIX } from '../../auth/index.js';
import { isRepositoryName, MAX_REPOSITORY_NAME_LENGTH, OciError, parseImageReference, registryAddress } from '../../oci/index.js';
import { MirrorError } from './mirror-error.js';
import { decodeHostComponent, encodeHostComponent, formatRegistryHost, parseRegistryHost } from './registry-host.js';

export interface MirrorTarget {
  /** `host/upstreamRepository`: the source in its one canonical spelling (`docker.io/library/debian`). */
  source: string;
  /** The upstream host as written, canonical: lowercased, `docker.io` for Docker Hub, IPv6 as `[::1]`. */
  host: string;
  /** host[:port] the registry API is reached at (`registry-1.docker.io` for Docker Hub). */
  apiHost: string;
  /** The repository as the upstream knows it (`library/debian` for Docker Hub's `debian`). */
  upstreamRepository: string;
  /** `mirror/<host component>/<upstreamRepository>`: approved, pulled by clusters. */
  mirrorRepository: string;
  /** `quarantine/mirror/…`: where a mirrored image waits for its verdict. */
  quarantineRepository: string;
}

/** Where `source` (a repository reference, no tag or digest) is mirrored; throws MirrorError MIRROR_SOURCE_INVALID. */
export function mirrorTarget(source: string): MirrorTarget {
  const reference = parseSource(source);
  if (reference.tag !== undefined || reference.digest !== undefined) {
    throw invalid(source, 'a mirror source names a repository without tag or digest: put tags in `tags`');
  }
  const host = parseRegistryHost(reference.host ?? 'docker.io');
  if ('error' in host) throw invalid(source, host.error);
  const hostText = formatRegistryHost(host);
  const address = registryAddress(hostText, reference.repository);
  const mirrorRepository = `${MIRROR_PREFIX}${encodeHostComponent(host)}/${address.repository}`;
  const quarantineRepository = `${QUARANTINE_PREFIX}${mirrorRepository}`;
  if (!isRepositoryName(quarantineRepository)) {
    // The only way a valid upstream name fails here is length: the prefixes and host take room.
    throw invalid(source, `its quarantine repository ${quarantineRepository.slice(0, 80)}… is longer than ${MAX_REPOSITORY_NAME_LENGTH} characters`);
  }
  return {
    source: `${hostText}/${address.repository}`,
    host: hostText,
    apiHost: address.apiHost,
    upstreamRepository: address.repository,
    mirrorRepository,
    quarantineRepository,
  };
}

/**
 * The upstream of a mirror repository (`mirror/docker.io/grafana/grafana` →
 * docker.io's `grafana/grafana`); undefined for any name mirrorTarget would
 * not have produced, including non-canonical spellings (`mirror/docker.io/debian`).
 */
export function sourceOfMirror(mirrorRepository: string): MirrorTarget | undefined {
  if (!mirrorRepository.startsWith(MIRROR_PREFIX)) return undefined;
  const rest = mirrorRepository.slice(MIRROR_PREFIX.length);
  const slash = rest.indexOf('/');
  if (slash <= 0) return undefined;
  const host = decodeHostComponent(rest.slice(0, slash));
  if (host === undefined) return undefined;
  let target: MirrorTarget;
  try {
    target = mirrorTarget(`${formatRegistryHost(host)}/${rest.slice(slash + 1)}`);
  } catch (error) {
    if (error instanceof MirrorError) return undefined;
    throw error;
  }
  // A host without '.' or ':' (`mirror/myhost/app`) reads back as a Docker Hub
  // name; only an exact round trip proves the name is a mirror path.
  return target.mirrorRepository === mirrorRepository ? target : undefined;
}

function parseSource(source: string): ReturnType<typeof parseImageReference> {
  try {
    return parseImageReference(source);
  } catch (error) {
    if (error instanceof OciError) throw invalid(source, error.message, error);
    throw error;
  }
}

function invalid(source: string, message: string, cause?: unknown): MirrorError {
  return new MirrorError('MIRROR_SOURCE_INVALID', `cannot mirror "${source.slice(0, 200)}": ${message}`, { detail: { source }, ...(cause === undefined ? {} : { cause }) });
}
