/** Who is making a request, after authentication. */
import type { OrgRole, RobotRole, TeamRole } from './roles.js';

export interface UserPrincipal {
  kind: 'user';
  id: string;
  username: string;
  role: OrgRole;
  /** team name → role in that team */
  teams: ReadonlyMap<string, TeamRole>;
}

export interface RobotPrincipal {
  kind: 'robot';
  id: string;
  name: string;
  team: string;
  role: RobotRole;
}

export type Principal = UserPrincipal | RobotPrincipal;

/** Stable subject used in tokens and logs: `user:<id>` or `robot:<id>`. */
export function subjectOf(principal: Principal): string {
  return `${principal.kind}:${principal.id}`;
}

export function displayName(principal: Principal): string {
  return principal.kind === 'user' ? principal.username : `robot ${principal.name} (team ${principal.team}, ${principal.role})`;
}

/** How the audit trail names who acted: `user:<username>` (readable, stable) or `robot:<id>` (names may be reused). */
export function auditActor(principal: Principal): string {
  return principal.kind === 'user' ? `user:${principal.username}` : `robot:${principal.id}`;
}
