/** Authenticates API callers (Basic user/password, Basic or Bearer robot token) and checks roles. */
import type { FastifyRequest } from 'fastify';
import { AuthError, parseAuthorization, parseRobotToken, type Authenticator, type Principal } from '../auth/index.js';
import { ApiError } from './errors.js';
import { sessionOf } from './session-auth.js';

export async function authenticateCaller(authenticator: Authenticator, request: FastifyRequest): Promise<Principal> {
  const credentials = parseAuthorization(request.headers.authorization);
  if (credentials === undefined) {
    const session = sessionOf(request);
    if (session?.principal) return session.principal;
    if (session) throw new ApiError('UNAUTHORIZED', 401, 'your session has ended; sign in again');
    throw new ApiError('UNAUTHORIZED', 401, 'authentication required: use a username and password or a robot token');
  }
  if (credentials === 'malformed') throw new AuthError('UNAUTHORIZED', 'the Authorization header is malformed');
  if (credentials.scheme === 'basic') return authenticator.basic(credentials.username, credentials.password, request.ip);
  if (parseRobotToken(credentials.token)) return authenticator.robotToken(credentials.token, request.ip);
  throw new AuthError('UNAUTHORIZED', 'Bearer credentials must be a robot token (alk_…)');
}

export function requireAdmin(principal: Principal): void {
  if (principal.kind !== 'user' || principal.role !== 'admin') throw new ApiError('DENIED', 403, 'this needs the admin role');
}

/** Admins, or developers of `team`, may manage the team's robot tokens. */
export function requireTeamManager(principal: Principal, team: string): void {
  if (principal.kind === 'user' && (principal.role === 'admin' || principal.teams.get(team) === 'developer')) return;
  throw new ApiError('DENIED', 403, `managing tokens of team ${team} needs the admin role or the developer role in ${team}`);
}
