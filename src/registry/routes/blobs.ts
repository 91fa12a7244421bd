/** GET, HEAD and DELETE /v2/<name>/blobs/<digest>. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { parseDigest } from '../../oci/index.js';
import { RegistryError } from '../errors.js';
import { parseReadRange } from '../http/range-header.js';
import type { RegistryContext } from '../registry-context.js';

export async function handleBlob(ctx: RegistryContext, request: FastifyRequest, reply: FastifyReply, name: string, reference: string): Promise<FastifyReply> {
  const method = request.method;
  if (method === 'DELETE') {
    await ctx.access.requireRepository(request, name, 'delete');
    const { digest } = parseDigest(reference);
    if (!(await ctx.blobs.unlink(name, digest))) throw new RegistryError('BLOB_UNKNOWN', `blob ${digest} is not in ${name}`);
    return reply.code(202).header('content-length', '0').send();
  }
  if (method !== 'GET' && method !== 'HEAD') throw unsupported(method);
  await ctx.access.requireRepository(request, name, 'pull');
  const { digest } = parseDigest(reference);
  const linked = await ctx.blobs.linkedBlob(name, digest);
  const info = linked && (await ctx.store.stat(digest));
  if (!info) throw new RegistryError('BLOB_UNKNOWN', `blob ${digest} is not in ${name}`, { detail: { digest } });
  reply.header('docker-content-digest', digest).header('etag', `"${digest}"`).header('accept-ranges', 'bytes').header('content-type', 'application/octet-stream');
  const range = parseReadRange(request.headers.range, info.size);
  if (range === 'unsatisfiable') {
    reply.header('content-range', `bytes */${info.size}`);
    throw new RegistryError('RANGE_INVALID', `range ${request.headers.range} is outside the blob (${info.size} bytes)`);
  }
  const length = range ? range.end - range.start + 1 : info.size;
  reply.header('content-length', String(length));
  if (range) reply.code(206).header('content-range', `bytes ${range.start}-${range.end}/${info.size}`);
  if (method === 'HEAD') return reply.send();
  const stream = await ctx.store.read(digest, range);
  ctx.bytes.sent(length);
  return reply.send(stream);
}

export function unsupported(method: string): RegistryError {
  return new RegistryError('UNSUPPORTED', `${method} is not supported on this resource`);
}
