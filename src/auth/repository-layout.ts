/**
 * The gated layout (ARCHITECTURE.md "Repository layout inside the registry"):
 *   quarantine/<team>/<name>   pushed by the team, scanned, never pulled by clusters
 *   <team>/<name>              approved: written only by promotion, tags immutable
 *   mirror/<host>/<path>       approved public images: written only by promotion
 */
export type RepositoryZone =
  | { zone: 'quarantine'; team: string; name: string }
  | { zone: 'approved'; team: string; name: string }
  | { zone: 'mirror'; path: string }
  | { zone: 'unmanaged'; reason: string };

export const QUARANTINE_PREFIX = 'quarantine/';
export const MIRROR_PREFIX = 'mirror/';

export function classifyRepository(repository: string): RepositoryZone {
  const parts = repository.split('/');
  const [first, second] = parts;
  if (first === 'quarantine') {
    if (parts.length < 3 || !second) {
      return { zone: 'unmanaged', reason: 'quarantine repositories are quarantine/<team>/<name>' };
    }
    // quarantine/mirror/<host>/<path> is where mirrored images wait for their verdict.
    return { zone: 'quarantine', team: second, name: parts.slice(2).join('/') };
  }
  if (first === 'mirror') {
    if (parts.length < 3) return { zone: 'unmanaged', reason: 'mirror repositories are mirror/<upstream-host>/<path>' };
    return { zone: 'mirror', path: parts.slice(1).join('/') };
  }
  if (parts.length < 2 || !first) {
    return { zone: 'unmanaged', reason: 'repositories are <team>/<name>; push to quarantine/<team>/<name>' };
  }
  return { zone: 'approved', team: first, name: parts.slice(1).join('/') };
}

/** Where an image pushed to `quarantine/...` lands once approved. */
export function approvedRepositoryFor(quarantineRepository: string): string | undefined {
  const zone = classifyRepository(quarantineRepository);
  if (zone.zone !== 'quarantine') return undefined;
  return zone.team === 'mirror' ? `mirror/${zone.name}` : `${zone.team}/${zone.name}`;
}
