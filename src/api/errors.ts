/** API errors and the one place they become JSON: `{"error":{"code","message","detail"}}`. */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AirlockError, type AirlockErrorOptions } from '../errors/index.js';

export class ApiError extends AirlockError {
  constructor(code: 'INVALID' | 'NOT_FOUND' | 'DENIED' | 'UNAUTHORIZED' | 'CSRF_REJECTED', status: number, message: string, options?: AirlockErrorOptions) {
    super(code, status, message, options);
  }
}

export function sendApiError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { status, code, message, detail } = describe(error);
  if (status >= 500) request.log.error({ err: error }, 'api request failed');
  // The dashboard marks its requests: a Basic challenge would make the browser open its own sign-in dialog.
  if (status === 401 && request.headers['x-requested-with'] !== 'airlock-web') reply.header('www-authenticate', 'Basic realm="airlock"');
  const retryAfter = (detail as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  if (typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
  return reply.code(status).send({ error: { code, message, ...(detail === undefined ? {} : { detail }) } });
}

function describe(error: unknown): { status: number; code: string; message: string; detail?: unknown } {
  if (error instanceof AirlockError) return { status: error.status, code: error.code, message: error.message, detail: error.detail };
  if (error instanceof z.ZodError) {
    const issue = error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    return { status: 400, code: 'INVALID', message: `${where}${issue?.message ?? 'invalid request'}`, detail: error.issues };
  }
  const fastifyError = error as FastifyError;
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode < 500) {
    return { status: fastifyError.statusCode, code: 'INVALID', message: fastifyError.message };
  }
  return { status: 500, code: 'INTERNAL', message: 'internal error; the server log has the details' };
}
