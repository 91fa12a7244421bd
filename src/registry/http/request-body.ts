/** Reads a small request body (manifests) into memory, refusing it as soon as it exceeds the limit. */
import type { FastifyRequest } from 'fastify';
import { RegistryError } from '../errors.js';

export async function readSmallBody(request: FastifyRequest, limit: number): Promise<Buffer> {
  const announced = Number(request.headers['content-length'] ?? Number.NaN);
  if (announced > limit) throw tooLarge(announced, limit);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of request.raw) {
    total += (chunk as Buffer).length;
    if (total > limit) throw tooLarge(total, limit);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, total);
}

/** Whether the request carries a body at all (Content-Length > 0 or chunked transfer). */
export function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  if (length !== undefined) return Number(length) > 0;
  return request.headers['transfer-encoding'] !== undefined;
}

function tooLarge(size: number, limit: number): RegistryError {
  return new RegistryError('SIZE_INVALID', `manifest of ${size}+ bytes is over the ${limit}-byte limit`, { status: 413, detail: { limit } });
}
