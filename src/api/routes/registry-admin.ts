/** /api/v1/promotions and /api/v1/gc: admin operations on the registry. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ApiContext } from '../api-context.js';
import { authenticateCaller, requireAdmin } from '../caller.js';

const promotionBody = z.strictObject({ source: z.string().min(1), tag: z.string().optional() });
const gcBody = z.strictObject({ dryRun: z.boolean().default(false) });

export function registerRegistryAdminRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.post('/promotions', async (request, reply) => {
    requireAdmin(await authenticateCaller(ctx.authenticator, request));
    const body = promotionBody.parse(request.body);
    return reply.code(201).send(await ctx.promote(body));
  });

  app.post('/gc', async (request) => {
    requireAdmin(await authenticateCaller(ctx.authenticator, request));
    const body = gcBody.parse(request.body ?? {});
    return ctx.collectGarbage(body);
  });
}
