/**
 * The one place registry errors become HTTP responses, in the distribution
 * spec's format: `{"errors":[{"code","message","detail"}]}`.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthError } from '../auth/index.js';
import { AirlockError } from '../errors/index.js';
import { OciError } from '../oci/index.js';
import { StorageError } from '../storage/index.js';
import { ChallengeError } from './access.js';
import { RegistryError, type RegistryErrorCode } from './errors.js';

const fromStorage: Record<string, RegistryErrorCode> = {
  BLOB_NOT_FOUND: 'BLOB_UNKNOWN',
  UPLOAD_NOT_FOUND: 'BLOB_UPLOAD_UNKNOWN',
  UPLOAD_OFFSET_MISMATCH: 'BLOB_UPLOAD_INVALID',
  DIGEST_MISMATCH: 'DIGEST_INVALID',
  SIZE_INVALID: 'SIZE_INVALID',
  RANGE_INVALID: 'RANGE_INVALID',
};

export function toRegistryError(error: unknown): RegistryError {
  if (error instanceof RegistryError) return error;
  if (error instanceof OciError) return new RegistryError(error.code, error.message, { detail: error.detail, status: error.status });
  if (error instanceof StorageError && fromStorage[error.code]) {
    return new RegistryError(fromStorage[error.code] as RegistryErrorCode, error.message, { detail: error.detail, status: error.status });
  }
  if (error instanceof AuthError && (error.code === 'UNAUTHORIZED' || error.code === 'DENIED')) return new RegistryError(error.code, error.message);
  if (error instanceof AuthError && error.code === 'TOO_MANY_ATTEMPTS') return new RegistryError('TOOMANYREQUESTS', error.message, { detail: error.detail });
  if (error instanceof AirlockError && error.status === 503) return new RegistryError('UNAVAILABLE', error.message);
  return new RegistryError('UNKNOWN', 'internal error; the server log has the details', { cause: error });
}

export function sendRegistryError(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  const registryError = toRegistryError(error);
  if (registryError.code === 'UNKNOWN') request.log.error({ err: error }, 'registry request failed');
  else request.log.info({ code: registryError.code, reason: registryError.message }, 'registry request refused');
  if (error instanceof ChallengeError) reply.header('www-authenticate', error.challenge);
  const retryAfter = retryAfterOf(registryError.detail);
  if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
  const body = { errors: [{ code: registryError.code, message: registryError.message, detail: registryError.detail ?? {} }] };
  reply.code(registryError.status).header('content-type', 'application/json; charset=utf-8');
  // A HEAD response carries the status and headers only.
  return request.method === 'HEAD' ? reply.send() : reply.send(JSON.stringify(body));
}

/** Errors that ask the client to wait carry `retryAfterSeconds` in their detail. */
export function retryAfterOf(detail: unknown): number | undefined {
  const value = (detail as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  return typeof value === 'number' ? value : undefined;
}
