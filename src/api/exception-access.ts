/**
 * Who may see and change vulnerability exceptions, and what a scope names.
 * Only the security team (and admins) accept or revoke vulnerabilities: an
 * exception lets vulnerable images through for everyone it covers. Anyone
 * signed in sees the exceptions that affect the teams they see, because an
 * exception explains why their image passed.
 */
import { approvedRepositoryFor, classifyRepository, type IdentityStore, type Principal, type UserPrincipal } from '../auth/index.js';
import { isRepositoryName } from '../oci/index.js';
import { parseScope, PolicyError, type ExceptionScope, type PolicyException } from '../policy/index.js';
import { ApiError } from './errors.js';
import { canSeeTeam } from './visibility.js';

/** The security team (and admins, who can do anything) manage exceptions; robot tokens never do. */
export function requireExceptionManager(principal: Principal): UserPrincipal {
  if (principal.kind === 'user' && (principal.role === 'security' || principal.role === 'admin')) return principal;
  const who = principal.kind === 'robot' ? 'robot tokens' : `user ${principal.username} (role ${principal.role})`;
  throw new ApiError('DENIED', 403, `accepting or revoking vulnerabilities needs the security role; ${who} may only list exceptions`);
}

/** The team whose images a scope covers; undefined for the organisation and for mirror repositories (everyone's). */
export function scopeTeam(scope: ExceptionScope): string | undefined {
  if (scope.startsWith('team:')) return scope.slice('team:'.length);
  if (!scope.startsWith('repository:')) return undefined;
  const zone = classifyRepository(scope.slice('repository:'.length));
  return zone.zone === 'approved' || zone.zone === 'quarantine' ? zone.team : undefined;
}

export function canSeeException(principal: Principal, exception: Pick<PolicyException, 'scope'>): boolean {
  const team = scopeTeam(exception.scope);
  return team === undefined || canSeeTeam(principal, team);
}

/** Whether the exception can apply to some image of `team`: organisation-wide, the team's, or one of its repositories. */
export function coversTeam(exception: Pick<PolicyException, 'scope'>, team: string): boolean {
  return exception.scope === 'org' || scopeTeam(exception.scope) === team;
}

/**
 * Checks what a scope names before anything is stored: the team must exist,
 * a repository must be a gated one (named as approved, `<team>/<name>`, or as
 * quarantined; stored as approved). Text that is not a scope at all is
 * returned unchanged so the exception's own validation reports it with the
 * other problems of the request.
 */
export async function resolveScope(text: string, identities: IdentityStore): Promise<string> {
  const scope = parseScope(text);
  if (scope === undefined || scope === 'org') return scope ?? text;
  if (scope.startsWith('team:')) {
    await identities.getTeam(scope.slice('team:'.length));
    return scope;
  }
  const named = scope.slice('repository:'.length);
  const repository = approvedRepositoryFor(named) ?? named;
  const zone = classifyRepository(repository);
  if (!isRepositoryName(repository) || (zone.zone !== 'approved' && zone.zone !== 'mirror')) {
    throw new PolicyError('EXCEPTION_INVALID', `scope: ${named} is not a gated repository; name it <team>/<name> (or mirror/<host>/<path>)`, {
      detail: { issues: [{ field: 'scope', code: 'INVALID_SCOPE', message: 'repository scopes are repository:<team>/<name>' }] },
    });
  }
  if (zone.zone === 'approved') await identities.getTeam(zone.team);
  return `repository:${repository}`;
}
