/** /api/v1/tokens: robot tokens for CI pipelines and clusters. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { auditActor } from '../../auth/index.js';
import { parseDuration, DURATION_HELP } from '../../config/index.js';
import type { ApiContext } from '../api-context.js';
import { authenticateCaller, requireTeamManager } from '../caller.js';
import { ApiError } from '../errors.js';

const createTokenBody = z.strictObject({
  team: z.string(),
  role: z.string(),
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, 'token names are 1–63 letters, digits, ".", "_" or "-"').optional(),
  /** Absolute expiry (ISO 8601) or a duration from now (`30d`). */
  expires: z.string().optional(),
});

export function registerTokenRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Querystring: { team?: string } }>('/tokens', async (request) => {
    const principal = await authenticateCaller(ctx.authenticator, request);
    const team = request.query.team;
    if (team) requireTeamManager(principal, team);
    else if (principal.kind !== 'user' || principal.role !== 'admin') throw new ApiError('DENIED', 403, 'listing every token needs the admin role; add ?team=<team>');
    return { tokens: await ctx.robots.list(team) };
  });

  app.post('/tokens', async (request, reply) => {
    const principal = await authenticateCaller(ctx.authenticator, request);
    const body = createTokenBody.parse(request.body);
    requireTeamManager(principal, body.team);
    const created = await ctx.changeIdentities(async ({ robots }, audit) => {
      const token = await robots.create({
        team: body.team,
        role: body.role,
        name: body.name,
        expiresAt: body.expires === undefined ? null : parseExpiry(body.expires, ctx.clock()),
        createdBy: principal.kind === 'user' ? principal.username : principal.name,
      });
      // The secret never enters the trail: only what identifies the token.
      await audit({ actor: auditActor(principal), action: 'token.created', target: `token:${token.id}`, details: { team: token.team, role: token.role, name: token.name, expiresAt: token.expiresAt } });
      return token;
    });
    return reply.code(201).send(created);
  });

  app.delete<{ Params: { id: string } }>('/tokens/:id', async (request) => {
    const principal = await authenticateCaller(ctx.authenticator, request);
    const token = await ctx.robots.find(request.params.id);
    if (!token) throw new ApiError('NOT_FOUND', 404, `token ${request.params.id} does not exist`);
    requireTeamManager(principal, token.teamName);
    const revoked = await ctx.changeIdentities(async ({ robots }, audit) => {
      const summary = await robots.revoke(token.id);
      await audit({ actor: auditActor(principal), action: 'token.revoked', target: `token:${token.id}`, details: { team: token.teamName, name: token.name } });
      return summary;
    });
    ctx.authenticator.invalidate();
    return revoked;
  });
}

function parseExpiry(text: string, now: number): number {
  const duration = parseDuration(text);
  if (duration !== undefined) return now + duration;
  const date = Date.parse(text);
  if (Number.isNaN(date)) throw new ApiError('INVALID', 400, `expires: expected ${DURATION_HELP} or a date such as 2027-01-31`);
  return date;
}
