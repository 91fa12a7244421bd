/** GET, HEAD, PUT and DELETE /v2/<name>/manifests/<reference>. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { classifyRepository } from '../../auth/index.js';
import { assertTag, digestOf, isTag, parseDigest, parseManifest, type Digest } from '../../oci/index.js';
import { RegistryError } from '../errors.js';
import { readSmallBody } from '../http/request-body.js';
import type { RegistryContext } from '../registry-context.js';
import { unsupported } from './blobs.js';

export async function handleManifest(ctx: RegistryContext, request: FastifyRequest, reply: FastifyReply, name: string, reference: string): Promise<FastifyReply> {
  switch (request.method) {
    case 'GET':
    case 'HEAD':
      return getManifest(ctx, request, reply, name, reference);
    case 'PUT':
      return putManifest(ctx, request, reply, name, reference);
    case 'DELETE':
      return deleteManifest(ctx, request, reply, name, reference);
    default:
      throw unsupported(request.method);
  }
}

async function getManifest(ctx: RegistryContext, request: FastifyRequest, reply: FastifyReply, name: string, reference: string): Promise<FastifyReply> {
  const actor = await ctx.access.requireRepository(request, name, 'pull');
  if (reference.includes(':')) parseDigest(reference);
  else if (!isTag(reference)) throw manifestUnknown(name, reference);
  const manifest = await ctx.manifests.get(name, reference);
  if (!manifest) {
    // Pull-through: the gate may fetch a mirror path's image now; the client is told to come back for the approved copy.
    const pending = ctx.gate && classifyRepository(name).zone === 'mirror' ? await ctx.gate.onMirrorMiss(name, reference, actor.subject) : undefined;
    throw pending ? new RegistryError('MANIFEST_UNKNOWN', pending, { detail: { name, reference, mirror: 'pending' } }) : manifestUnknown(name, reference);
  }
  if (ctx.gate && classifyRepository(name).zone !== 'quarantine') {
    const revoked = await ctx.gate.revocation(name, manifest.digest);
    if (revoked) throw new RegistryError('DENIED', revocationMessage(name, manifest.digest, revoked), { detail: { digest: manifest.digest, reasons: revoked.slice(0, 20) } });
  }
  reply
    .header('content-type', manifest.mediaType)
    .header('content-length', String(manifest.size))
    .header('docker-content-digest', manifest.digest)
    .header('etag', `"${manifest.digest}"`);
  if (request.method === 'HEAD') return reply.send();
  ctx.bytes.sent(manifest.size);
  return reply.send(manifest.content);
}

async function putManifest(ctx: RegistryContext, request: FastifyRequest, reply: FastifyReply, name: string, reference: string): Promise<FastifyReply> {
  const actor = await ctx.access.requireRepository(request, name, 'push');
  const byDigest = reference.includes(':') ? parseDigest(reference) : undefined;
  const tags = byDigest ? [] : [assertTag(reference)];
  const tagParams = (request.query as Record<string, string | string[] | undefined>).tag;
  for (const tag of [tagParams ?? []].flat()) tags.push(assertTag(tag));
  const content = await readSmallBody(request, ctx.maxManifestBytes);
  ctx.bytes.received(content.length);
  const digest = digestOf(content, byDigest?.algorithm ?? 'sha256');
  if (byDigest && byDigest.digest !== digest) {
    throw new RegistryError('DIGEST_INVALID', `manifest content has digest ${digest}, not ${byDigest.digest}`, { detail: { digest } });
  }
  const parsed = parseManifest(content, contentTypeOf(request));
  const zone = classifyRepository(name).zone;
  await ctx.manifests.put(name, { digest, content, parsed }, { tags, immutableTags: zone === 'approved' || zone === 'mirror' });
  for (const tag of tags.length > 0 ? tags : [undefined]) {
    await ctx.gate?.onManifestPushed({ repository: name, digest, mediaType: parsed.mediaType, tag, actor: actor.subject });
  }
  reply.code(201).header('location', `/v2/${name}/manifests/${digest}`).header('docker-content-digest', digest).header('content-length', '0');
  if (parsed.subject) reply.header('oci-subject', parsed.subject.digest);
  if (tagParams !== undefined) reply.header('oci-tag', tags.join(', '));
  return reply.send();
}

async function deleteManifest(ctx: RegistryContext, request: FastifyRequest, reply: FastifyReply, name: string, reference: string): Promise<FastifyReply> {
  await ctx.access.requireRepository(request, name, 'delete');
  if (reference.includes(':')) {
    const { digest } = parseDigest(reference);
    if (!(await ctx.manifests.delete(name, digest as Digest))) throw manifestUnknown(name, reference);
    return reply.code(202).header('content-length', '0').send();
  }
  assertTag(reference);
  if (classifyRepository(name).zone !== 'quarantine') {
    throw new RegistryError('DENIED', `tags in approved repositories are immutable; delete ${name} by digest instead`);
  }
  if (!(await ctx.manifests.deleteTag(name, reference))) throw manifestUnknown(name, reference);
  return reply.code(202).header('content-length', '0').send();
}

function manifestUnknown(name: string, reference: string): RegistryError {
  return new RegistryError('MANIFEST_UNKNOWN', `manifest ${reference.slice(0, 140)} is not in ${name}`, { detail: { name, reference: reference.slice(0, 140) } });
}

function contentTypeOf(request: FastifyRequest): string | undefined {
  return request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
}

function revocationMessage(name: string, digest: string, reasons: ReadonlyArray<{ vulnerability?: string; package?: string; message: string }>): string {
  const named = reasons.map((reason) => (reason.vulnerability ? `${reason.vulnerability}${reason.package ? ` (${reason.package})` : ''}` : reason.message));
  const listed = [...new Set(named)].slice(0, 8).join(', ');
  return `${name}@${digest} was revoked and may no longer be pulled: ${listed || 'it fails the policy'}${named.length > 8 ? ', …' : ''}`;
}
