/**
 * Who may do what to which repository. Pure: the principal and the repository
 * name in, a decision with a reason a user can act on out.
 */
import type { Principal } from './principal.js';
import { classifyRepository, type RepositoryZone } from './repository-layout.js';

export type RepositoryAction = 'pull' | 'push' | 'delete';
export const REPOSITORY_ACTIONS: readonly RepositoryAction[] = ['pull', 'push', 'delete'];

export type Decision = { allowed: true } | { allowed: false; reason: string };

const ALLOW: Decision = { allowed: true };
const deny = (reason: string): Decision => ({ allowed: false, reason });

export function authorize(principal: Principal, repository: string, action: RepositoryAction): Decision {
  const zone = classifyRepository(repository);
  if (zone.zone === 'unmanaged') return deny(`${repository}: ${zone.reason}`);
  if (action === 'push' && zone.zone !== 'quarantine') {
    const target = zone.zone === 'approved' ? `quarantine/${zone.team}/${zone.name}` : `the mirror catalog`;
    return deny(`${repository} is an approved repository, written only by promotion through the gate; push to ${target} instead`);
  }
  if (principal.kind === 'robot') return authorizeRobot(principal, zone, action);
  if (principal.role === 'admin') return ALLOW;
  if (action === 'pull' && (principal.role === 'security' || zone.zone === 'mirror')) return ALLOW;
  if (action === 'delete' && zone.zone !== 'quarantine') return deny(`only admins may delete from approved repositories`);
  if (zone.zone === 'mirror') return deny(`only admins may change mirror repositories`);
  const teamRole = principal.teams.get(zone.team);
  if (!teamRole) return deny(`user ${principal.username} is not a member of team ${zone.team}`);
  if (action === 'pull') return ALLOW;
  const verb = action === 'push' ? 'pushing' : 'deleting';
  // Name the role that actually blocks the user: an org viewer may well be a developer of the team.
  if (principal.role === 'viewer') {
    return deny(`user ${principal.username} has the read-only organisation role viewer; ${verb} needs the developer role`);
  }
  if (teamRole !== 'developer') return deny(`user ${principal.username} is a viewer of team ${zone.team}; ${verb} needs the developer role`);
  return ALLOW;
}

function authorizeRobot(robot: Extract<Principal, { kind: 'robot' }>, zone: Exclude<RepositoryZone, { zone: 'unmanaged' }>, action: RepositoryAction): Decision {
  if (zone.zone === 'mirror') return action === 'pull' ? ALLOW : deny('robot tokens cannot change mirror repositories');
  if (zone.team !== robot.team) return deny(`this token belongs to team ${robot.team}, not ${zone.team}`);
  if (robot.role === 'puller') {
    return zone.zone === 'approved' && action === 'pull' ? ALLOW : deny('puller tokens may only pull approved images');
  }
  return action === 'delete' ? deny('ci tokens may not delete; ask a developer of the team') : ALLOW;
}

/** The subset of `requested` the principal may perform (for token scopes). */
export function grantedActions(principal: Principal, repository: string, requested: readonly string[]): RepositoryAction[] {
  const wanted = requested.includes('*') ? REPOSITORY_ACTIONS : REPOSITORY_ACTIONS.filter((action) => requested.includes(action));
  return wanted.filter((action) => authorize(principal, repository, action).allowed);
}

/** Whether the principal can see the repository at all (catalog listing, anonymous mount). */
export function canPull(principal: Principal, repository: string): boolean {
  return authorize(principal, repository, 'pull').allowed;
}
