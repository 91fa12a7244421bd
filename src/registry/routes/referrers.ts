/** GET /v2/<name>/referrers/<digest>[?artifactType=] (distribution spec v1.1 "Listing Referrers"). */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { MediaType, parseDigest } from '../../oci/index.js';
import type { RegistryContext } from '../registry-context.js';
import { unsupported } from './blobs.js';

export async function handleReferrers(ctx: RegistryContext, request: FastifyRequest, reply: FastifyReply, name: string, reference: string): Promise<FastifyReply> {
  if (request.method !== 'GET' && request.method !== 'HEAD') throw unsupported(request.method);
  await ctx.access.requireRepository(request, name, 'pull');
  const { digest } = parseDigest(reference);
  const artifactType = (request.query as { artifactType?: string }).artifactType;
  const rows = await ctx.manifests.referrers(name, digest);
  const manifests = rows
    .filter((row) => artifactType === undefined || row.artifactType === artifactType)
    .map((row) => ({
      mediaType: row.mediaType,
      digest: row.digest,
      size: row.size,
      ...(row.artifactType ? { artifactType: row.artifactType } : {}),
      ...(row.annotations ? { annotations: JSON.parse(row.annotations) as Record<string, string> } : {}),
    }));
  if (artifactType !== undefined) reply.header('oci-filters-applied', 'artifactType');
  const index = { schemaVersion: 2, mediaType: MediaType.ociIndex, manifests };
  // A Buffer, not a string: Fastify would append "; charset=utf-8", and clients compare the media type exactly.
  return reply.header('content-type', MediaType.ociIndex).send(Buffer.from(JSON.stringify(index)));
}
