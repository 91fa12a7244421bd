/** GET /api/v1/openapi.json: the API's description, for anyone (it holds no data). */
import type { FastifyInstance } from 'fastify';
import { buildOpenApiDocument } from './openapi-document.js';

export function registerOpenApiRoute(app: FastifyInstance): void {
  const document = JSON.stringify(buildOpenApiDocument());
  app.get('/openapi.json', async (_request, reply) => reply.type('application/json; charset=utf-8').send(document));
}
