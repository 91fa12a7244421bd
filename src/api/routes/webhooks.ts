/**
 * /api/v1/webhooks and /api/v1/deliveries: webhook subscriptions and their
 * delivery log. Admins and `security` see and manage every subscription;
 * organisation viewers see every one and change none; a developer sees and
 * manages only subscriptions filtered to teams of theirs (managing needs the
 * team's developer role); robot tokens are refused. Every change is audited in
 * the same transaction. Secrets are accepted, never returned.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { auditActor, type Principal, type UserPrincipal } from '../../auth/index.js';
import { DELIVERY_STATUSES, EventError, eventTypeSchema, type WebhookStore, type WebhookSubscription } from '../../events/index.js';
import type { ApiContext } from '../api-context.js';
import { authenticateCaller } from '../caller.js';
import { ApiError } from '../errors.js';
import { limitParam } from './query-params.js';

const createBody = z.strictObject({
  url: z.string(),
  secret: z.string(),
  types: z.array(eventTypeSchema).optional(),
  teams: z.array(z.string()).optional(),
});
const deliveriesQuery = z.strictObject({
  status: z.enum(DELIVERY_STATUSES).optional(),
  cursor: z.string().optional(),
  limit: limitParam(500, 50),
});

type Access = 'none' | 'read' | 'manage';
type IdParams = { Params: { id: string } };

export function registerWebhookRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const caller = async (request: FastifyRequest): Promise<UserPrincipal> => humanOnly(await authenticateCaller(ctx.authenticator, request));

  app.get('/webhooks', async (request) => {
    const principal = await caller(request);
    const webhooks = await ctx.webhooks.list();
    return { webhooks: webhooks.filter((webhook) => accessTo(principal, webhook) !== 'none').map(present) };
  });

  app.post('/webhooks', async (request, reply) => {
    const principal = await caller(request);
    const body = createBody.parse(request.body);
    const teams = [...new Set(body.teams ?? [])];
    if (accessTo(principal, { teams }) !== 'manage') throw new ApiError('DENIED', 403, createDenial(principal));
    for (const team of teams) await ctx.identities.getTeam(team);
    const created = await ctx.changeWebhooks(async (webhooks, audit) => {
      const webhook = await webhooks.create({ url: body.url, secret: body.secret, eventTypes: body.types, teams, createdBy: principal.username });
      await audit({ actor: auditActor(principal), action: 'webhook.created', target: `webhook:${webhook.id}`, details: auditDetails(webhook) });
      return webhook;
    });
    return reply.code(201).send(present(created));
  });

  app.get<IdParams>('/webhooks/:id', async (request) => {
    const principal = await caller(request);
    return present(await visible(ctx.webhooks, principal, request.params.id));
  });

  app.delete<IdParams>('/webhooks/:id', async (request, reply) => {
    const principal = await caller(request);
    await ctx.changeWebhooks(async (webhooks, audit) => {
      const webhook = await manageable(webhooks, principal, request.params.id);
      await webhooks.delete(webhook.id);
      await audit({ actor: auditActor(principal), action: 'webhook.deleted', target: `webhook:${webhook.id}`, details: auditDetails(webhook) });
    });
    return reply.code(204).send();
  });

  for (const change of ['activate', 'deactivate'] as const) {
    app.post<IdParams>(`/webhooks/:id/${change}`, async (request) => {
      const principal = await caller(request);
      const changed = await ctx.changeWebhooks(async (webhooks, audit) => {
        const webhook = await manageable(webhooks, principal, request.params.id);
        // Asking for the state a subscription already has changes nothing, so there is nothing to audit.
        if (webhook.active === (change === 'activate')) return webhook;
        const updated = change === 'activate' ? await webhooks.activate(webhook.id) : await webhooks.deactivate(webhook.id);
        await audit({ actor: auditActor(principal), action: `webhook.${change}d`, target: `webhook:${webhook.id}`, details: auditDetails(updated) });
        return updated;
      });
      return present(changed);
    });
  }

  app.get<IdParams>('/webhooks/:id/deliveries', async (request) => {
    const principal = await caller(request);
    const query = deliveriesQuery.parse(request.query);
    const webhook = await visible(ctx.webhooks, principal, request.params.id);
    return ctx.webhooks.deliveries({ webhookId: webhook.id, status: query.status, cursor: query.cursor, limit: query.limit });
  });

  app.get<IdParams>('/deliveries/:id/attempts', async (request) => {
    const principal = await caller(request);
    const delivery = await ctx.webhooks.delivery(request.params.id);
    const hidden = new ApiError('NOT_FOUND', 404, `no delivery ${request.params.id} that you can see`);
    if (!delivery) throw hidden;
    const webhook = await ctx.webhooks.get(delivery.webhookId);
    if (accessTo(principal, webhook) === 'none') throw hidden;
    return { delivery, attempts: await ctx.webhooks.attempts(delivery.id) };
  });
}

function humanOnly(principal: Principal): UserPrincipal {
  if (principal.kind === 'robot') throw new ApiError('DENIED', 403, 'robot tokens cannot read or manage webhooks; sign in as a user');
  return principal;
}

/** A developer's reach ends at their teams: a subscription for every team, or for another team, is not theirs. */
function accessTo(principal: UserPrincipal, webhook: Pick<WebhookSubscription, 'teams'>): Access {
  if (principal.role === 'admin' || principal.role === 'security') return 'manage';
  if (principal.role === 'viewer') return 'read';
  const { teams } = webhook;
  if (teams.length === 0 || !teams.every((team) => principal.teams.has(team))) return 'none';
  return teams.every((team) => principal.teams.get(team) === 'developer') ? 'manage' : 'read';
}

/** Unknown and invisible subscriptions look the same: their ids are not revealed. */
async function visible(webhooks: WebhookStore, principal: UserPrincipal, id: string): Promise<WebhookSubscription> {
  const webhook = await webhooks.get(id).catch((error: unknown) => {
    if (error instanceof EventError && error.code === 'WEBHOOK_NOT_FOUND') return undefined;
    throw error;
  });
  if (!webhook || accessTo(principal, webhook) === 'none') throw new ApiError('NOT_FOUND', 404, `no webhook ${id} that you can see`);
  return webhook;
}

async function manageable(webhooks: WebhookStore, principal: UserPrincipal, id: string): Promise<WebhookSubscription> {
  const webhook = await visible(webhooks, principal, id);
  if (accessTo(principal, webhook) !== 'manage') throw new ApiError('DENIED', 403, `changing webhook ${id} needs the admin or security role, or the developer role in ${webhook.teams.join(', ')}`);
  return webhook;
}

function createDenial(principal: UserPrincipal): string {
  if (principal.role === 'viewer') return 'viewers cannot create webhooks; ask an admin or the security team';
  return 'developers may create webhooks only for teams where they are developers: give "teams", e.g. ["payments"]';
}

/**
 * What the audit trail keeps about a subscription. Only the URL's origin: the
 * trail is permanent, and some receivers (chat hooks) carry a credential in the path.
 */
function auditDetails(webhook: WebhookSubscription): Record<string, unknown> {
  return { origin: new URL(webhook.url).origin, types: webhook.eventTypes, teams: webhook.teams, active: webhook.active };
}

function present(webhook: WebhookSubscription) {
  return {
    id: webhook.id,
    url: webhook.url,
    types: webhook.eventTypes,
    teams: webhook.teams,
    active: webhook.active,
    createdBy: webhook.createdBy,
    createdAt: webhook.createdAt,
    deactivatedAt: webhook.deactivatedAt,
  };
}
