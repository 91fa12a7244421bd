/** /openapi.json (openapi-route.ts): this document. */
import type { Paths } from '../openapi-types.js';
import { json } from '../schema-builders.js';

export const openApiPaths: Paths = {
  '/openapi.json': {
    get: {
      operationId: 'openApiDocument',
      summary: 'this OpenAPI 3.1 document; no authentication needed',
      tags: ['meta'],
      security: [],
      responses: { 200: json('the document', { type: 'object' }) },
    },
  },
};
