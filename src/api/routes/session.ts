/**
 * /api/v1/session: the dashboard's sign-in. POST checks a user's password
 * (throttled and audited like registry logins) and sets an HttpOnly,
 * SameSite=Strict cookie; GET says who is signed in and what they may do;
 * DELETE signs out.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AuthError, SESSION_TTL_MS, auditActor, type Principal } from '../../auth/index.js';
import type { ApiContext } from '../api-context.js';
import { capabilitiesOf } from '../capabilities.js';
import { authenticateCaller } from '../caller.js';
import { ApiError } from '../errors.js';
import { clearSessionCookie, forgetSession, sessionOf, setSessionCookie } from '../session-auth.js';

const loginBody = z.strictObject({ username: z.string().min(1).max(256), password: z.string().min(1).max(1024) });

export function registerSessionRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const audit = (entry: { actor: string; action: string; target: string; details: Record<string, unknown> }) => ctx.changeIdentities((_stores, record) => record(entry));

  app.post('/session', async (request, reply) => {
    const body = loginBody.parse(request.body ?? {});
    let principal: Principal;
    try {
      principal = await ctx.authenticator.basic(body.username, body.password, request.ip);
      if (principal.kind !== 'user') throw new AuthError('UNAUTHORIZED', 'robot tokens cannot sign in to the dashboard; use a username and password');
    } catch (error) {
      if (error instanceof AuthError) {
        await audit({ actor: 'anonymous', action: 'user.login-failed', target: `user:${body.username}`, details: { ip: request.ip, reason: error.message, via: 'web-session' } });
      }
      throw error;
    }
    const { token, session } = await ctx.sessions.create(principal.id);
    await audit({ actor: auditActor(principal), action: 'user.login', target: auditActor(principal), details: { ip: request.ip, via: 'web-session' } });
    setSessionCookie(request, reply, token, SESSION_TTL_MS);
    return reply.code(201).send(present(principal, session.csrfToken, session.expiresAt));
  });

  app.get('/session', async (request) => {
    const principal = await authenticateCaller(ctx.authenticator, request);
    const session = sessionOf(request)?.session;
    return present(principal, session?.csrfToken, session?.expiresAt);
  });

  app.delete('/session', async (request, reply) => {
    const current = sessionOf(request);
    if (!current) throw new ApiError('UNAUTHORIZED', 401, 'not signed in with a session cookie');
    await ctx.sessions.delete(current.token);
    forgetSession(ctx, current.token);
    if (current.principal) await audit({ actor: auditActor(current.principal), action: 'user.logout', target: auditActor(current.principal), details: { ip: request.ip, via: 'web-session' } });
    clearSessionCookie(request, reply);
    return reply.code(204).send();
  });
}

function present(principal: Principal, csrfToken: string | undefined, expiresAt: number | undefined) {
  const user =
    principal.kind === 'user'
      ? { kind: 'user', name: principal.username, role: principal.role, teams: Object.fromEntries(principal.teams) }
      : { kind: 'robot', name: principal.name, role: principal.role, teams: { [principal.team]: principal.role } };
  return {
    user,
    ...(csrfToken ? { csrfToken } : {}),
    ...(expiresAt ? { expiresAt: new Date(expiresAt).toISOString() } : {}),
    capabilities: capabilitiesOf(principal),
  };
}
