/**
 * /api/v1/mirror: the catalog of public images Airlock mirrors through the
 * gate, sync requests, what is mirrored (status), newer upstream tags with
 * their vulnerability delta (outdated), and releasing a held candidate
 * (promote). Anyone signed in reads; only admins (the platform team) change.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { auditActor, type Principal } from '../../auth/index.js';
import { mirrorStatus, outdated, type ImageStore, type Mirror } from '../../gate/index.js';
import type { ApiContext } from '../api-context.js';
import { authenticateCaller, requireAdmin } from '../caller.js';
import { ApiError } from '../errors.js';

const MAX_CATALOG_BYTES = 256 * 1024;
const catalogBody = z.strictObject({ text: z.string().min(1, 'give the catalog YAML as "text"').max(MAX_CATALOG_BYTES, `catalogs are at most ${MAX_CATALOG_BYTES} characters`) });
const tag = z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/, 'tags are up to 128 letters, digits, "_", "." or "-"');
const syncBody = z.strictObject({ source: z.string().min(1).max(512).optional(), tags: z.array(tag).min(1).max(100).optional() }).refine((body) => !body.tags || body.source, { message: 'tags need a source' });
const promoteBody = z.strictObject({ source: z.string().min(1).max(512), tag });

export function registerMirrorRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const open = async (request: FastifyRequest, change: boolean): Promise<{ mirror: Mirror; images: ImageStore; principal: Principal }> => {
    const principal = await authenticateCaller(ctx.authenticator, request);
    if (change) requireAdmin(principal);
    const mirror = ctx.gate?.mirror;
    if (!ctx.gate || !mirror) throw new ApiError('NOT_FOUND', 404, 'the mirror is not running on this server');
    return { mirror, images: ctx.gate.images, principal };
  };

  app.get('/mirror/catalog', async (request) => {
    const { mirror } = await open(request, false);
    const catalog = await mirror.catalog();
    if (!catalog) throw new ApiError('NOT_FOUND', 404, 'no mirror catalog has been applied; run airlock mirror apply <catalog.yaml>');
    return { version: catalog.version, text: catalog.document, createdBy: catalog.createdBy, createdAt: new Date(Number(catalog.createdAt)).toISOString(), catalog: catalog.catalog };
  });

  app.put('/mirror/catalog', async (request) => {
    const { mirror, principal } = await open(request, true);
    const { text } = catalogBody.parse(request.body);
    return mirror.apply(text, auditActor(principal));
  });

  app.post('/mirror/sync', async (request, reply) => {
    const { mirror, principal } = await open(request, true);
    const body = syncBody.parse(request.body ?? {});
    const sources = await mirror.requestSync({ ...body, origin: body.tags ? 'manual' : 'catalog', actor: auditActor(principal) });
    return reply.code(202).send({ queued: sources });
  });

  app.get('/mirror/status', async (request) => {
    const { mirror, images } = await open(request, false);
    const catalog = await mirror.catalog();
    return { catalogVersion: catalog?.version ?? null, entries: await mirrorStatus(mirror.store, images, catalog?.catalog) };
  });

  app.get('/mirror/outdated', async (request) => {
    const { mirror, images } = await open(request, false);
    const catalog = await mirror.catalog();
    if (!catalog) throw new ApiError('NOT_FOUND', 404, 'no mirror catalog has been applied; run airlock mirror apply <catalog.yaml>');
    return { entries: await outdated(mirror.store, images, catalog.catalog) };
  });

  app.post('/mirror/promote', async (request) => {
    const { mirror, principal } = await open(request, true);
    const body = promoteBody.parse(request.body);
    return mirror.promote(body.source, body.tag, auditActor(principal));
  });
}
