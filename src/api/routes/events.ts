/**
 * /api/v1/events: the outbox read as an event log, newest first. Callers see
 * the events of the teams they see (visibility.ts); callers limited to some
 * teams do not see organisation-wide events, as team-filtered webhooks do not.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ApiContext } from '../api-context.js';
import { authenticateCaller } from '../caller.js';
import { visibleTeams } from '../visibility.js';
import { limitParam, timeParam } from './query-params.js';

const eventsQuery = z.strictObject({
  /** One type or several, comma-separated. */
  type: z.string().optional(),
  team: z.string().optional(),
  since: timeParam.optional(),
  cursor: z.string().optional(),
  limit: limitParam(500, 50),
});

export function registerEventRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get('/events', async (request) => {
    const principal = await authenticateCaller(ctx.authenticator, request);
    const query = eventsQuery.parse(request.query);
    const visible = visibleTeams(principal);
    const teams = query.team === undefined ? visible : visible === undefined || visible.includes(query.team) ? [query.team] : [];
    const types = query.type?.split(',').map((type) => type.trim()).filter((type) => type.length > 0);
    return ctx.listEvents({ types, teams, since: query.since, cursor: query.cursor, limit: query.limit });
  });
}
