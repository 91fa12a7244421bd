/**
 * /api/v1/audit: the hash-chained audit trail for admins, the security team and
 * organisation viewers (compliance); verifying the chain is for admins and
 * security. The export streams JSON Lines however long the trail is.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { OrgRole } from '../../auth/index.js';
import type { ApiContext } from '../api-context.js';
import { authenticateCaller } from '../caller.js';
import { ApiError } from '../errors.js';
import { limitParam, timeParam } from './query-params.js';

const READERS: readonly OrgRole[] = ['admin', 'security', 'viewer'];
const VERIFIERS: readonly OrgRole[] = ['admin', 'security'];

const listQuery = z.strictObject({
  actor: z.string().optional(),
  action: z.string().optional(),
  /** Targets starting with this text. */
  target: z.string().optional(),
  since: timeParam.optional(),
  until: timeParam.optional(),
  cursor: z.coerce.number().int().optional(),
  order: z.enum(['newest', 'oldest']).default('newest'),
  limit: limitParam(1000, 100),
});
const exportQuery = z.strictObject({
  format: z.literal('jsonl', { message: 'format: only jsonl is supported' }).default('jsonl'),
  since: timeParam.optional(),
  until: timeParam.optional(),
});

export function registerAuditRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const requireRole = async (request: FastifyRequest, roles: readonly OrgRole[], what: string): Promise<void> => {
    const principal = await authenticateCaller(ctx.authenticator, request);
    if (principal.kind === 'user' && roles.includes(principal.role)) return;
    throw new ApiError('DENIED', 403, `${what} needs one of the roles ${roles.join(', ')}`);
  };

  app.get('/audit', async (request) => {
    await requireRole(request, READERS, 'reading the audit trail');
    const query = listQuery.parse(request.query);
    const { target, ...rest } = query;
    return ctx.auditTrail.query({ ...rest, targetPrefix: target });
  });

  app.get('/audit/verify', async (request) => {
    await requireRole(request, VERIFIERS, 'verifying the audit trail');
    return ctx.auditTrail.verify();
  });

  app.get('/audit/export', async (request, reply) => {
    await requireRole(request, READERS, 'exporting the audit trail');
    const query = exportQuery.parse(request.query);
    const lines = ctx.auditTrail.export({ format: query.format, since: query.since, until: query.until });
    return reply
      .header('content-type', 'application/x-ndjson; charset=utf-8')
      .header('content-disposition', 'attachment; filename="airlock-audit.jsonl"')
      .send(Readable.from(lines));
  });
}
