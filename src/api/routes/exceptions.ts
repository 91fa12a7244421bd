/**
 * /api/v1/exceptions: vulnerability exceptions. The security team (and admins)
 * accept one vulnerability — by id or alias, optionally for one package — for
 * the organisation (`org`), a team (`team:<team>`) or one repository
 * (`repository:<team>/<name>`), with a reason and an expiry; and revoke it.
 * Everyone signed in lists the exceptions that affect the teams they see.
 * Nothing is deleted: revoked and expired exceptions stay listed for audits.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { PolicyError, type PolicyException } from '../../policy/index.js';
import type { ApiContext } from '../api-context.js';
import { authenticateCaller } from '../caller.js';
import { ApiError } from '../errors.js';
import { canSeeException, coversTeam, requireExceptionManager, resolveScope } from '../exception-access.js';
import { createExceptions, presentException, revokeException } from '../exception-changes.js';
import { canSeeTeam } from '../visibility.js';
import { registerExceptionVexRoutes } from './exception-vex.js';
import { limitParam } from './query-params.js';

/**
 * Only types are checked here; missing or empty values are left to the
 * exception's own validation, which reports every problem with a field and a
 * code (EXCEPTION_INVALID, detail.issues).
 */
const createBody = z.strictObject({
  vulnerability: z.string().optional(),
  aliases: z.array(z.string()).max(50).optional(),
  package: z.string().optional(),
  scope: z.string().optional(),
  reason: z.string().optional(),
  expiresAt: z.union([z.string(), z.number()]).optional(),
  justification: z.string().optional(),
});
const revokeBody = z.strictObject({ reason: z.string().max(4000).optional() });
const listQuery = z.strictObject({
  /** Exceptions that can apply to the team's images: organisation-wide, the team's and its repositories'. */
  team: z.string().optional(),
  /** Exactly this scope. */
  scope: z.string().optional(),
  state: z.enum(['active', 'expired', 'revoked', 'all']).default('all'),
  vulnerability: z.string().optional(),
  cursor: z.string().optional(),
  limit: limitParam(500, 100),
});

type IdParams = { Params: { id: string } };

export function registerExceptionRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.post('/exceptions', async (request, reply) => {
    const principal = requireExceptionManager(await authenticateCaller(ctx.authenticator, request));
    const body = createBody.parse(request.body ?? {});
    const scope = await resolveScope(body.scope ?? '', ctx.identities);
    const input = { ...body, vulnerability: body.vulnerability ?? '', scope, reason: body.reason ?? '', expiresAt: body.expiresAt ?? '' };
    const [created] = await createExceptions(ctx, principal, [input], request.log);
    return reply.code(201).send(presentException(created as PolicyException, ctx.clock()));
  });

  app.get('/exceptions', async (request) => {
    const principal = await authenticateCaller(ctx.authenticator, request);
    const query = listQuery.parse(request.query);
    const all = await ctx.exceptions.list({ status: query.state, vulnerability: query.vulnerability });
    const visible = all.filter(
      (exception) =>
        canSeeException(principal, exception) &&
        (query.scope === undefined || exception.scope === query.scope) &&
        (query.team === undefined || (canSeeTeam(principal, query.team) && coversTeam(exception, query.team))),
    );
    const page = pageOf(visible, query.cursor, query.limit);
    const now = ctx.clock();
    return { exceptions: page.items.map((exception) => presentException(exception, now)), nextCursor: page.nextCursor };
  });

  app.get<IdParams>('/exceptions/:id', async (request) => {
    const principal = await authenticateCaller(ctx.authenticator, request);
    const exception = await ctx.exceptions.get(request.params.id).catch(hideUnknown(request.params.id));
    if (!canSeeException(principal, exception)) throw notVisible(request.params.id);
    return presentException(exception, ctx.clock());
  });

  app.post<IdParams>('/exceptions/:id/revoke', async (request) => {
    const principal = requireExceptionManager(await authenticateCaller(ctx.authenticator, request));
    const body = revokeBody.parse(request.body ?? {});
    const revoked = await revokeException(ctx, principal, request.params.id, body.reason, request.log).catch(hideUnknown(request.params.id));
    return presentException(revoked, ctx.clock());
  });

  registerExceptionVexRoutes(app, ctx);
}

/**
 * Pages in the store's order (oldest first, then id), continuing after the
 * exception whose id is the cursor. Filtering by visibility happens here, not
 * in SQL, which is fine at the scale of exceptions (hundreds, not millions).
 */
function pageOf(exceptions: readonly PolicyException[], cursor: string | undefined, limit: number): { items: PolicyException[]; nextCursor: string | null } {
  let start = 0;
  if (cursor !== undefined) {
    const at = exceptions.findIndex((exception) => exception.id === cursor);
    if (at < 0) throw new ApiError('INVALID', 400, `cursor: ${cursor} is not an exception in this listing; pass nextCursor from the previous page`);
    start = at + 1;
  }
  const items = exceptions.slice(start, start + limit);
  const more = start + limit < exceptions.length;
  return { items, nextCursor: more ? (items.at(-1)?.id ?? null) : null };
}

function notVisible(id: string): ApiError {
  return new ApiError('NOT_FOUND', 404, `no exception ${id} that you can see`);
}

/** The store's NOT_FOUND, worded like an invisible exception: ids are not confirmed to exist. */
function hideUnknown(id: string): (error: unknown) => never {
  return (error) => {
    if (error instanceof PolicyError && error.code === 'NOT_FOUND') throw notVisible(id);
    throw error;
  };
}
