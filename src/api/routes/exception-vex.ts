/**
 * /api/v1/exceptions/vex: OpenVEX in and out. POST takes an OpenVEX document
 * as the body, as published (so `curl --data-binary @file.vex.json` works),
 * with the scope and expiry Airlock needs in the query string: VEX statements
 * have neither. `not_affected` and `fixed` statements become exceptions, all or
 * none; the rest are reported as skipped. GET exports the active exceptions
 * the caller sees as one OpenVEX document.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { exportOpenVex, importOpenVex } from '../../policy/index.js';
import type { ApiContext } from '../api-context.js';
import { authenticateCaller } from '../caller.js';
import { canSeeException, coversTeam, requireExceptionManager, resolveScope } from '../exception-access.js';
import { createExceptions, presentException } from '../exception-changes.js';
import { canSeeTeam } from '../visibility.js';

const importQuery = z.strictObject({
  scope: z.string({ message: 'give org, team:<team> or repository:<team>/<name>' }),
  expiresAt: z.string({ message: 'VEX statements do not expire, exceptions do; give a date such as 2026-12-31' }),
});
const exportQuery = z.strictObject({
  team: z.string().optional(),
  author: z.string().min(1).max(200).default('Airlock'),
});

export function registerExceptionVexRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.post('/exceptions/vex', async (request, reply) => {
    const principal = requireExceptionManager(await authenticateCaller(ctx.authenticator, request));
    const query = importQuery.parse(request.query);
    const scope = await resolveScope(query.scope, ctx.identities);
    const imported = importOpenVex(request.body, { scope, expiresAt: query.expiresAt });
    const created = await createExceptions(ctx, principal, imported.exceptions, request.log);
    const now = ctx.clock();
    // Nothing created (every statement skipped) is not an error, but nothing new exists either.
    return reply.code(created.length > 0 ? 201 : 200).send({ exceptions: created.map((exception) => presentException(exception, now)), skipped: imported.skipped, notes: imported.notes });
  });

  app.get('/exceptions/vex', async (request) => {
    const principal = await authenticateCaller(ctx.authenticator, request);
    const query = exportQuery.parse(request.query);
    const active = await ctx.exceptions.list({ status: 'active' });
    const visible = active.filter((exception) => canSeeException(principal, exception) && (query.team === undefined || (canSeeTeam(principal, query.team) && coversTeam(exception, query.team))));
    return exportOpenVex(visible, { author: query.author, now: ctx.clock() });
  });
}
