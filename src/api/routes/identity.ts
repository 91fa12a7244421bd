/** /api/v1/whoami, /api/v1/teams, /api/v1/users: the organisation's people and teams. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { teamRoleSchema } from '../../auth/index.js';
import type { ApiContext } from '../api-context.js';
import { authenticateCaller, requireAdmin } from '../caller.js';

const createTeamBody = z.strictObject({ name: z.string() });
const createUserBody = z.strictObject({
  username: z.string(),
  password: z.string(),
  role: z.string().default('developer'),
  teams: z.array(z.strictObject({ team: z.string(), role: teamRoleSchema })).default([]),
});
const membershipBody = z.strictObject({ role: teamRoleSchema });

export function registerIdentityRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get('/whoami', async (request) => {
    const principal = await authenticateCaller(ctx.authenticator, request);
    if (principal.kind === 'robot') return { kind: 'robot', id: principal.id, name: principal.name, team: principal.team, role: principal.role };
    return { kind: 'user', username: principal.username, role: principal.role, teams: Object.fromEntries(principal.teams) };
  });

  app.get('/teams', async (request) => {
    await authenticateCaller(ctx.authenticator, request);
    return { teams: await ctx.identities.listTeams() };
  });

  app.post('/teams', async (request, reply) => {
    requireAdmin(await authenticateCaller(ctx.authenticator, request));
    const body = createTeamBody.parse(request.body);
    const team = await ctx.identities.createTeam(body.name);
    return reply.code(201).send({ name: team.name, createdAt: team.createdAt });
  });

  app.put<{ Params: { team: string; username: string } }>('/teams/:team/members/:username', async (request) => {
    requireAdmin(await authenticateCaller(ctx.authenticator, request));
    const body = membershipBody.parse(request.body);
    await ctx.identities.setMembership(request.params.team, request.params.username, body.role);
    ctx.authenticator.invalidate();
    return { team: request.params.team, username: request.params.username, role: body.role };
  });

  app.delete<{ Params: { team: string; username: string } }>('/teams/:team/members/:username', async (request, reply) => {
    requireAdmin(await authenticateCaller(ctx.authenticator, request));
    await ctx.identities.removeMembership(request.params.team, request.params.username);
    ctx.authenticator.invalidate();
    return reply.code(204).send();
  });

  app.get('/users', async (request) => {
    requireAdmin(await authenticateCaller(ctx.authenticator, request));
    return { users: await ctx.identities.listUsers() };
  });

  app.post('/users', async (request, reply) => {
    requireAdmin(await authenticateCaller(ctx.authenticator, request));
    const body = createUserBody.parse(request.body);
    for (const membership of body.teams) await ctx.identities.getTeam(membership.team);
    const user = await ctx.identities.createUser(body);
    for (const membership of body.teams) await ctx.identities.setMembership(membership.team, user.username, membership.role);
    return reply.code(201).send({ username: user.username, role: user.role, createdAt: user.createdAt, teams: body.teams });
  });
}
