/** /tokens (routes/tokens.ts): robot tokens for CI pipelines and clusters. */
import type { Paths } from '../openapi-types.js';
import { authed, array, enumOf, epochMs, errors, json, jsonBody, nullable, object, pathParam, queryParam, strictObject, string } from '../schema-builders.js';

const robotToken = object({
  id: string(),
  name: string(),
  team: string(),
  role: enumOf(['ci', 'puller']),
  createdBy: string(),
  createdAt: epochMs(),
  expiresAt: nullable(epochMs()),
  revokedAt: nullable(epochMs()),
  lastUsedAt: nullable(epochMs()),
});

export const tokenPaths: Paths = {
  '/tokens': {
    get: authed({
      operationId: 'listTokens',
      summary: 'robot tokens of a team (admin or the team’s developers); every token without ?team (admin)',
      tags: ['tokens'],
      parameters: [queryParam('team', string(), 'only this team’s tokens')],
      responses: { 200: json('the tokens; secrets are never included', object({ tokens: array(robotToken) })), ...errors(403) },
    }),
    post: authed({
      operationId: 'createToken',
      summary: 'create a robot token (admin or the team’s developers); the secret is returned once',
      tags: ['tokens'],
      requestBody: jsonBody(
        strictObject(
          {
            team: string(),
            role: enumOf(['ci', 'puller'], 'ci pushes to quarantine/<team>/…, puller pulls approved <team>/… images'),
            name: string('1–63 letters, digits, ".", "_" or "-"'),
            expires: string('a duration from now (30d, 12h) or an ISO 8601 date'),
          },
          ['name', 'expires'],
        ),
      ),
      responses: {
        201: json('created', { allOf: [robotToken, object({ token: string('the secret credential (alk_…); shown only now') })] }),
        ...errors(400, 403, 404),
      },
    }),
  },
  '/tokens/{id}': {
    delete: authed({
      operationId: 'revokeToken',
      summary: 'revoke a robot token; it stops working at once',
      tags: ['tokens'],
      parameters: [pathParam('id', 'token id')],
      responses: { 200: json('the revoked token', robotToken), ...errors(403, 404) },
    }),
  },
};
