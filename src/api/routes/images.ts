/** /api/v1/images: what the gate decided about each pushed image, seen per team. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { classifyRepository } from '../../auth/index.js';
import type { Principal } from '../../auth/index.js';
import { IMAGE_REPORT_FORMATS, type Gate, type ImageRow } from '../../gate/index.js';
import { parseImageReference, OciError } from '../../oci/index.js';
import { HTML_CONTENT_SECURITY_POLICY } from '../../scan/index.js';
import type { ApiContext } from '../api-context.js';
import { authenticateCaller } from '../caller.js';
import { ApiError } from '../errors.js';
import { EXPORT_LIMIT, exportQuery, listQuery, toImageQuery } from '../fleet-query.js';
import { imagesCsv } from '../images-csv.js';
import { canSeeTeam } from '../visibility.js';


export function registerImageRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const gate = () => {
    if (!ctx.gate) throw new ApiError('NOT_FOUND', 404, 'the gate is not running on this server');
    return ctx.gate;
  };

  app.get('/images', async (request) => {
    const principal = await authenticateCaller(ctx.authenticator, request);
    const query = listQuery.parse(request.query);
    const { images, total } = await ctx.queryImages(toImageQuery(principal, query, ctx.clock(), query.limit, query.offset));
    return { images: images.map((image) => ({ ...summaryOf(image), counts: image.counts })), total, limit: query.limit, offset: query.offset };
  });

  // Exactly the rows GET /images would list with the same filters, every page at once.
  app.get('/images/export', async (request, reply) => {
    const principal = await authenticateCaller(ctx.authenticator, request);
    const query = exportQuery.parse(request.query);
    const { images } = await ctx.queryImages(toImageQuery(principal, query, ctx.clock(), EXPORT_LIMIT, 0));
    const rows = images.map((image) => ({ ...summaryOf(image), counts: image.counts }));
    const stamp = new Date(ctx.clock()).toISOString().slice(0, 10);
    reply.header('content-disposition', `attachment; filename="airlock-images-${stamp}.${query.format}"`);
    if (query.format === 'json') return reply.type('application/json; charset=utf-8').send(JSON.stringify({ images: rows, total: rows.length }));
    return reply.type('text/csv; charset=utf-8').send(imagesCsv(rows));
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
    const image = await visibleImage(gate(), principal, request.params.id);
    const evaluation = image.evaluation ? (JSON.parse(image.evaluation) as unknown) : undefined;
    return { ...summaryOf(image), reports: gate().reports.links(image), evaluation, history: await gate().images.history(image.id) };
  });

  // The image's latest scan report: what CI keeps as an artifact and a reader opens from an event's link.
  app.get<{ Params: { id: string } }>('/images/:id/report', async (request, reply) => {
    const principal = await authenticateCaller(ctx.authenticator, request);
    const { format } = reportQuery.parse(request.query);
    const image = await visibleImage(gate(), principal, request.params.id);
    const document = await gate().reports.open(image, format);
    if (!document) throw new ApiError('NOT_FOUND', 404, `image ${image.id} has no report (state ${image.state}); reports are written when the gate judges an image`);
    reply.type(document.mediaType).header('content-disposition', `${format === 'html' ? 'inline' : 'attachment'}; filename="${document.fileName}"`).header('x-content-type-options', 'nosniff');
    // The page's own meta CSP, repeated as a header: the report holds text from image authors and is served from the API's origin.
    if (format === 'html') reply.header('content-security-policy', HTML_CONTENT_SECURITY_POLICY);
    if (document.size !== undefined) reply.header('content-length', document.size);
    return reply.send(document.body);
  });
}

const reportQuery = z.strictObject({ format: z.enum(IMAGE_REPORT_FORMATS).default('html') });

/** The image, if the caller may see its team; otherwise the same 404 as an unknown id, so ids of other teams leak nothing. */
export async function visibleImage(gate: Gate, principal: Principal, id: string): Promise<ImageRow> {
  const image = await gate.images.byId(id);
  if (!image || !canSeeTeam(principal, image.team)) throw new ApiError('NOT_FOUND', 404, `no image ${id} that you can see`);
  return image;
}

export function summaryOf(image: ImageRow) {
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
