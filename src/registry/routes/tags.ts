/** GET /v2/<name>/tags/list with n/last pagination. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RegistryError } from '../errors.js';
import { paginate } from '../http/pagination.js';
import type { RegistryContext } from '../registry-context.js';
import { compareLexically, repositoryExists } from '../store/repositories.js';
import { unsupported } from './blobs.js';

export async function handleTags(ctx: RegistryContext, request: FastifyRequest, reply: FastifyReply, name: string): Promise<FastifyReply> {
  if (request.method !== 'GET' && request.method !== 'HEAD') throw unsupported(request.method);
  await ctx.access.requireRepository(request, name, 'pull');
  if (!(await repositoryExists(ctx.db, name))) throw new RegistryError('NAME_UNKNOWN', `repository ${name} does not exist`, { detail: { name } });
  const tags = (await ctx.manifests.listTags(name)).sort(compareLexically);
  const page = paginate(tags, request.query as { n?: string; last?: string }, `/v2/${name}/tags/list`);
  if (page.next) reply.header('link', page.next);
  return reply.header('content-type', 'application/json; charset=utf-8').send(JSON.stringify({ name, tags: page.items }));
}
