/**
 * The webhook's HTTP surface: POST /validate and POST /mutate (under /admission
 * inside `airlock serve`, at the root of `airlock admission serve`). Bodies are
 * taken as raw bytes whatever their content type, so the controller — not
 * Fastify's JSON parser — answers malformed input; every answer, including to
 * a body over the size limit, is an AdmissionReview with HTTP 200, so the API
 * server reads the message instead of applying its failurePolicy to a 4xx/5xx.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AdmissionController, WebhookOperation } from './admission-controller.js';
import { badReviewResponse } from './admission-review.js';

export interface AdmissionWebhookOptions {
  /** The controller; a function so a server can build it once it knows its own address. */
  controller: () => AdmissionController;
  maxRequestBytes: number;
  /** When set, callers must send `Authorization: Bearer <token>` (the API server's webhook credentials). */
  callerToken?: string;
}

export async function admissionWebhookPlugin(app: FastifyInstance, options: AdmissionWebhookOptions): Promise<void> {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: options.maxRequestBytes }, (_request, body, done) => done(null, body));
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const operation = operationOf(request);
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.code(200).send(options.controller().tooLarge(operation, options.maxRequestBytes));
    request.log.warn({ err: error }, 'admission request could not be read');
    return reply.code(200).send(badReviewResponse({ uid: '', message: `the request could not be read (${error.message})` }));
  });
  const expected = options.callerToken === undefined ? undefined : Buffer.from(`Bearer ${options.callerToken}`);
  const route = (operation: WebhookOperation) => async (request: FastifyRequest, reply: FastifyReply) => {
    // Refused before the body is judged: an unknown caller must not be able to fill the audit trail.
    if (expected && !sameSecret(request.headers.authorization, expected)) {
      return reply.code(401).header('www-authenticate', 'Bearer').send({ error: { code: 'UNAUTHORIZED', message: 'this webhook answers only the Kubernetes API server: send its bearer token' } });
    }
    reply.type('application/json');
    return options.controller().handle(operation, request.body as Buffer | undefined);
  };
  app.post('/validate', route('validate'));
  app.post('/mutate', route('mutate'));
}

function sameSecret(given: string | undefined, expected: Buffer): boolean {
  const actual = Buffer.from(given ?? '');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

function operationOf(request: FastifyRequest): WebhookOperation {
  return request.url.split('?')[0]?.endsWith('/mutate') ? 'mutate' : 'validate';
}
