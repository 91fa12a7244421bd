/** GET /v2/_catalog: the repositories the caller may pull, paginated. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { canPull } from '../../auth/index.js';
import { paginate } from '../http/pagination.js';
import type { RegistryContext } from '../registry-context.js';
import { listRepositories } from '../store/repositories.js';
import { unsupported } from './blobs.js';

export async function handleCatalog(ctx: RegistryContext, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  if (request.method !== 'GET' && request.method !== 'HEAD') throw unsupported(request.method);
  const principal = await ctx.access.requireCatalog(request);
  const visible = (await listRepositories(ctx.db)).filter((name) => canPull(principal, name));
  const page = paginate(visible, request.query as { n?: string; last?: string }, '/v2/_catalog');
  if (page.next) reply.header('link', page.next);
  return reply.header('content-type', 'application/json; charset=utf-8').send(JSON.stringify({ repositories: page.items }));
}
