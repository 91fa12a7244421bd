/**
 * /api/v1/admission: the feed admission webhooks keep their cache of approved
 * and revoked images from — a full snapshot, then changes since a cursor. Read
 * by admins, security and organisation viewers; the in-cluster webhook signs in
 * with a viewer account (it sees every team's images, and changes nothing).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { OrgRole } from '../../auth/index.js';
import { AdmissionFeed, type AdmissionFeedPage } from '../../gate/index.js';
import type { ApiContext } from '../api-context.js';
import { authenticateCaller } from '../caller.js';
import { ApiError } from '../errors.js';

const READERS: readonly OrgRole[] = ['admin', 'security', 'viewer'];
/** Opaque to clients; `v1.<epoch ms>` here, so the format can change without breaking a webhook that resyncs. */
const CURSOR = /^v1\.(\d{1,15})$/;

const changesQuery = z.strictObject({
  since: z.string().regex(CURSOR, 'since: give the cursor of the last snapshot or changes response'),
});

export function registerAdmissionRoutes(app: FastifyInstance, ctx: ApiContext): void {
  let feed: AdmissionFeed | undefined;
  const open = async (request: FastifyRequest): Promise<AdmissionFeed> => {
    const principal = await authenticateCaller(ctx.authenticator, request);
    if (principal.kind !== 'user' || !READERS.includes(principal.role)) throw new ApiError('DENIED', 403, `the admission feed needs one of the roles ${READERS.join(', ')} (webhooks use a viewer account)`);
    if (!ctx.gate) throw new ApiError('NOT_FOUND', 404, 'the gate is not running on this server');
    return (feed ??= new AdmissionFeed(ctx.gate.db, ctx.clock));
  };

  app.get('/admission/snapshot', async (request) => page(await (await open(request)).snapshot()));

  app.get('/admission/changes', async (request) => {
    const source = await open(request);
    const { since } = changesQuery.parse(request.query);
    return page(await source.changes(Number(CURSOR.exec(since)?.[1])));
  });
}

function page(result: AdmissionFeedPage) {
  return { cursor: `v1.${result.readAt}`, readAt: new Date(result.readAt).toISOString(), images: result.images };
}
