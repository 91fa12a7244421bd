/**
 * Blob uploads: POST /v2/<name>/blobs/uploads/ (start, monolithic `?digest=`,
 * cross-repository `?mount=&from=`), and PATCH/PUT/GET/DELETE on
 * /v2/<name>/blobs/uploads/<id> (chunk, finish, status, cancel).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDigest, parseDigest, type Digest } from '../../oci/index.js';
import { StorageError } from '../../storage/index.js';
import { RegistryError } from '../errors.js';
import { hasBody } from '../http/request-body.js';
import { parseContentRange, uploadedRange } from '../http/range-header.js';
import type { RegistryContext } from '../registry-context.js';
import { unsupported } from './blobs.js';

type Query = Record<string, string | string[] | undefined>;

export async function handleUploadStart(ctx: RegistryContext, request: FastifyRequest, reply: FastifyReply, name: string): Promise<FastifyReply> {
  if (request.method !== 'POST') throw unsupported(request.method);
  await ctx.access.requireRepository(request, name, 'push');
  const query = request.query as Query;
  const mount = single(query.mount);
  // A mount with an invalid digest falls back to a plain upload session (spec "Cross Repository Blob Mount", as distribution does).
  if (mount !== undefined && isDigest(mount)) {
    const digest = mount as Digest;
    if (await tryMount(ctx, request, name, digest, single(query.from))) return blobCreated(reply, name, digest);
  }
  const digestParam = single(query.digest);
  // Validated before the session exists, so a refused request leaves nothing behind.
  const digest = digestParam === undefined ? undefined : parseDigest(digestParam).digest;
  const id = await ctx.uploads.start(name);
  if (digest !== undefined) {
    const contentLength = contentLengthOf(request);
    try {
      await receive(ctx, request, id, 0, contentLength);
      await ctx.blobs.commitUpload(name, id, digest, contentLength);
    } catch (error) {
      // The client never learnt this session's Location, so nobody could resume or cancel it.
      await ctx.uploads.cancel(id).catch((cancelError: unknown) => request.log.warn({ err: cancelError, upload: id }, 'could not discard a failed monolithic upload'));
      throw error;
    }
    return blobCreated(reply, name, digest);
  }
  return uploadAccepted(reply, name, id, 0);
}

export async function handleUpload(ctx: RegistryContext, request: FastifyRequest, reply: FastifyReply, name: string, id: string): Promise<FastifyReply> {
  await ctx.access.requireRepository(request, name, 'push');
  await ctx.uploads.require(name, id);
  switch (request.method) {
    case 'GET':
      return uploadStatus(reply, name, id, await ctx.store.uploadSize(id));
    case 'PATCH': {
      const size = await receiveChunk(ctx, request, reply, name, id);
      return uploadAccepted(reply, name, id, size);
    }
    case 'PUT': {
      const digestParam = single((request.query as Query).digest);
      if (digestParam === undefined) throw new RegistryError('DIGEST_INVALID', 'finishing an upload needs ?digest=<digest> of the whole blob');
      const digest = parseDigest(digestParam).digest;
      if (hasBody(request)) await receiveChunk(ctx, request, reply, name, id);
      await ctx.blobs.commitUpload(name, id, digest);
      return blobCreated(reply, name, digest);
    }
    case 'DELETE':
      await ctx.uploads.cancel(id);
      return reply.code(204).send();
    default:
      throw unsupported(request.method);
  }
}

/** Appends the request body as the next chunk, honouring Content-Range. @returns the new upload size. */
async function receiveChunk(ctx: RegistryContext, request: FastifyRequest, reply: FastifyReply, name: string, id: string): Promise<number> {
  const current = await ctx.store.uploadSize(id);
  const range = parseContentRange(request.headers['content-range']);
  if (range && range.start !== current) {
    // Out-of-order chunk: tell the client where to resume.
    reply.header('location', uploadLocation(name, id)).header('range', uploadedRange(current)).header('docker-upload-uuid', id);
    throw new RegistryError('BLOB_UPLOAD_INVALID', `chunk starts at ${range.start} but the upload has ${current} bytes; resume at ${current}`, {
      status: 416,
      detail: { size: current },
    });
  }
  const announced = range ? range.end - range.start + 1 : undefined;
  const contentLength = contentLengthOf(request);
  if (announced !== undefined && contentLength !== undefined && announced !== contentLength) {
    throw new RegistryError('SIZE_INVALID', `Content-Range covers ${announced} bytes but Content-Length is ${contentLength}`, { status: 416 });
  }
  const size = await receive(ctx, request, id, current, announced ?? contentLength);
  if (announced !== undefined && size - current !== announced) {
    throw new RegistryError('SIZE_INVALID', `Content-Range announced ${announced} bytes but ${size - current} arrived`);
  }
  await ctx.uploads.touch(id);
  return size;
}

async function receive(ctx: RegistryContext, request: FastifyRequest, id: string, offset: number, maxBytes?: number): Promise<number> {
  try {
    const size = await ctx.store.appendUpload(id, offset, request.raw, maxBytes);
    ctx.bytes.received(size - offset);
    return size;
  } catch (error) {
    if (error instanceof StorageError && error.code === 'UPLOAD_OFFSET_MISMATCH') {
      throw new RegistryError('BLOB_UPLOAD_INVALID', error.message, { status: 416, detail: error.detail });
    }
    // A client that went away is the client's business, not a server failure: what arrived is kept for a resume.
    if (request.raw.destroyed && !(error instanceof StorageError)) {
      throw new RegistryError('BLOB_UPLOAD_INVALID', 'the client disconnected before the upload finished; ask for the upload status and resume', { cause: error });
    }
    throw error;
  }
}

/** A mount succeeds only from a repository the caller may pull, so blobs never leak across teams. */
async function tryMount(ctx: RegistryContext, request: FastifyRequest, name: string, digest: Digest, from: string | undefined): Promise<boolean> {
  const candidates = from !== undefined ? [from] : await ctx.blobs.repositoriesHolding(digest);
  for (const source of candidates) {
    if (!(await ctx.blobs.linkedBlob(source, digest))) continue;
    const allowed = await ctx.access.requireRepository(request, source, 'pull').then(
      () => true,
      () => false,
    );
    if (allowed && (await ctx.blobs.mount(name, digest))) return true;
  }
  return false;
}

function blobCreated(reply: FastifyReply, name: string, digest: Digest): FastifyReply {
  return reply.code(201).header('location', `/v2/${name}/blobs/${digest}`).header('docker-content-digest', digest).header('content-length', '0').send();
}

function uploadAccepted(reply: FastifyReply, name: string, id: string, size: number): FastifyReply {
  return reply
    .code(202)
    .header('location', uploadLocation(name, id))
    .header('range', uploadedRange(size))
    .header('docker-upload-uuid', id)
    .header('content-length', '0')
    .send();
}

function uploadStatus(reply: FastifyReply, name: string, id: string, size: number): FastifyReply {
  return reply.code(204).header('location', uploadLocation(name, id)).header('range', uploadedRange(size)).header('docker-upload-uuid', id).send();
}

function uploadLocation(name: string, id: string): string {
  return `/v2/${name}/blobs/uploads/${id}`;
}

function contentLengthOf(request: FastifyRequest): number | undefined {
  const header = request.headers['content-length'];
  return header === undefined ? undefined : Number(header);
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
