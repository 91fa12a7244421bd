/** /api/v1/images: what the gate decided about each pushed image, seen per team. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { classifyRepository } from '../../auth/index.js';
import type { ImageRow } from '../../gate/index.js';
import { parseImageReference, OciError } from '../../oci/index.js';
import type { ApiContext } from '../api-context.js';
import { authenticateCaller } from '../caller.js';
import { ApiError } from '../errors.js';
import { canSeeTeam, visibleTeams } from '../visibility.js';

const listQuery = z.strictObject({
  team: z.string().optional(),
  state: z.string().optional(),
  repository: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export function registerImageRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const gate = () => {
    if (!ctx.gate) throw new ApiError('NOT_FOUND', 404, 'the gate is not running on this server');
    return ctx.gate;
  };

  app.get('/images', async (request) => {
    const principal = await authenticateCaller(ctx.authenticator, request);
    const query = listQuery.parse(request.query);
    const visible = visibleTeams(principal);
    const teams = query.team ? (visible === undefined || visible.includes(query.team) ? [query.team] : []) : visible;
    const images = await gate().images.list({ teams, state: query.state, repository: query.repository, limit: query.limit, offset: query.offset });
    return { images: images.map(summaryOf), limit: query.limit, offset: query.offset };
  });

  app.get<{ Querystring: { ref?: string } }>('/images/status', async (request) => {
    const principal = await authenticateCaller(ctx.authenticator, request);
    const text = request.query.ref;
    if (!text) throw new ApiError('INVALID', 400, 'ref: give an image reference, e.g. quarantine/payments/api:1.4.2');
    let reference;
    try {
      reference = parseImageReference(text);
    } catch (error) {
      if (error instanceof OciError) throw new ApiError('INVALID', 400, `ref: ${error.message}`);
      throw error;
    }
    const zone = classifyRepository(reference.repository);
    const team = zone.zone === 'quarantine' || zone.zone === 'approved' ? zone.team : undefined;
    if (team !== undefined && !canSeeTeam(principal, team)) throw new ApiError('NOT_FOUND', 404, `no image ${text} that you can see`);
    const status = await gate().status(reference.repository, reference.digest ?? reference.tag ?? 'latest');
    if (!status) throw new ApiError('NOT_FOUND', 404, `the gate has not seen ${text}; push it to quarantine/<team>/<name> first`);
    return status;
  });

  app.get<{ Params: { id: string } }>('/images/:id', async (request) => {
    const principal = await authenticateCaller(ctx.authenticator, request);
    const image = await gate().images.byId(request.params.id);
    if (!image || !canSeeTeam(principal, image.team)) throw new ApiError('NOT_FOUND', 404, `no image ${request.params.id} that you can see`);
    return { ...summaryOf(image), evaluation: image.evaluation ? (JSON.parse(image.evaluation) as unknown) : undefined, history: await gate().images.history(image.id) };
  });
}

function summaryOf(image: ImageRow) {
  const iso = (time: number | null) => (time === null ? undefined : new Date(time).toISOString());
  return {
    id: image.id,
    repository: image.repository,
    digest: image.digest,
    team: image.team,
    tags: JSON.parse(image.tags) as string[],
    state: image.state,
    reasons: JSON.parse(image.reasons) as unknown[],
    summary: image.summary ? (JSON.parse(image.summary) as unknown) : undefined,
    error: image.error ?? undefined,
    policyVersion: image.policyVersion ?? undefined,
    receivedAt: iso(image.receivedAt),
    decidedAt: iso(image.decidedAt),
    approvedAt: iso(image.approvedAt),
    revokeAt: iso(image.revokeAt),
    revokedAt: iso(image.revokedAt),
  };
}
