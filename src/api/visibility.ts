/**
 * What a caller may see across teams: admins, security and organisation viewers
 * see every team; developers their own teams; robot tokens their team.
 */
import type { Principal } from '../auth/index.js';

/** undefined = every team. */
export function visibleTeams(principal: Principal): string[] | undefined {
  if (principal.kind === 'robot') return [principal.team];
  if (principal.role === 'admin' || principal.role === 'security' || principal.role === 'viewer') return undefined;
  return [...principal.teams.keys()];
}

export function canSeeTeam(principal: Principal, team: string): boolean {
  const teams = visibleTeams(principal);
  return teams === undefined || teams.includes(team);
}
