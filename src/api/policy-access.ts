/**
 * Who may read and apply which policy document.
 *
 * Everyone signed in reads the org policy: it judges their images. A team's
 * policy is read by whoever sees the team (visibility.ts). The org policy is
 * changed by admins and the security team only. A team's policy may also be
 * applied by the team's own developers: evaluation always runs the org rules
 * as well and takes the shorter grace period (policy/evaluate-policy.ts), so a
 * team policy can only add to the org floor, never lower it — the most a
 * team can do is make its own images harder to approve. Organisation viewers
 * and robot tokens change nothing.
 */
import type { Principal, UserPrincipal } from '../auth/index.js';
import { ApiError } from './errors.js';
import { canSeeTeam } from './visibility.js';

/** `org`, or `team:<name>`: how the store, the audit trail and events name a policy's scope. */
export function policyScope(team: string | undefined): string {
  return team === undefined ? 'org' : `team:${team}`;
}

export function describeScope(team: string | undefined): string {
  return team === undefined ? 'the org policy' : `team ${team}'s policy`;
}

export function requirePolicyReader(principal: Principal, team: string | undefined): void {
  if (team === undefined || canSeeTeam(principal, team)) return;
  throw new ApiError('DENIED', 403, `${describeScope(team)} is visible to the team's members, admins, security and viewers`);
}

export function requirePolicyApplier(principal: Principal, team: string | undefined): UserPrincipal {
  if (principal.kind === 'robot') throw new ApiError('DENIED', 403, 'robot tokens cannot change policies; sign in as a user');
  if (principal.role === 'admin' || principal.role === 'security') return principal;
  if (team !== undefined && principal.role === 'developer' && principal.teams.get(team) === 'developer') return principal;
  if (team === undefined) throw new ApiError('DENIED', 403, 'changing the org policy needs the admin or security role');
  throw new ApiError('DENIED', 403, `changing ${describeScope(team)} needs the admin or security role, or the developer role in team ${team}`);
}
