/** /api/v1/whoami, /api/v1/teams, /api/v1/users: the organisation's people and teams. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { auditActor, teamRoleSchema } from '../../auth/index.js';
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
    const principal = await authenticateCaller(ctx.authenticator, request);
    requireAdmin(principal);
    const body = createTeamBody.parse(request.body);
    const team = await ctx.changeIdentities(async ({ identities }, audit) => {
      const created = await identities.createTeam(body.name);
      await audit({ actor: auditActor(principal), action: 'team.created', target: `team:${created.name}` });
      return created;
    });
    return reply.code(201).send({ name: team.name, createdAt: team.createdAt });
  });

  app.put<{ Params: { team: string; username: string } }>('/teams/:team/members/:username', async (request) => {
    const principal = await authenticateCaller(ctx.authenticator, request);
    requireAdmin(principal);
    const body = membershipBody.parse(request.body);
    const { team, username } = request.params;
    await ctx.changeIdentities(async ({ identities }, audit) => {
      await identities.setMembership(team, username, body.role);
      await audit({ actor: auditActor(principal), action: 'team.member-set', target: `team:${team}`, details: { username, role: body.role } });
    });
    ctx.authenticator.invalidate();
    return { team: request.params.team, username: request.params.username, role: body.role };
  });

  app.delete<{ Params: { team: string; username: string } }>('/teams/:team/members/:username', async (request, reply) => {
    const principal = await authenticateCaller(ctx.authenticator, request);
    requireAdmin(principal);
    const { team, username } = request.params;
    await ctx.changeIdentities(async ({ identities }, audit) => {
      await identities.removeMembership(team, username);
      await audit({ actor: auditActor(principal), action: 'team.member-removed', target: `team:${team}`, details: { username } });
    });
    ctx.authenticator.invalidate();
    return reply.code(204).send();
  });

  app.get('/users', async (request) => {
    requireAdmin(await authenticateCaller(ctx.authenticator, request));
    return { users: await ctx.identities.listUsers() };
  });

  app.post('/users', async (request, reply) => {
    const principal = await authenticateCaller(ctx.authenticator, request);
    requireAdmin(principal);
    const body = createUserBody.parse(request.body);
    for (const membership of body.teams) await ctx.identities.getTeam(membership.team);
    const user = await ctx.changeIdentities(async ({ identities }, audit) => {
      const created = await identities.createUser(body);
      for (const membership of body.teams) await identities.setMembership(membership.team, created.username, membership.role);
      await audit({ actor: auditActor(principal), action: 'user.created', target: `user:${created.username}`, details: { role: created.role, teams: body.teams } });
      return created;
    });
    return reply.code(201).send({ username: user.username, role: user.role, createdAt: user.createdAt, teams: body.teams });
  });
}
