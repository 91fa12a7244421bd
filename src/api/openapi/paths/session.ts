/** /session (routes/session.ts): the dashboard's sign-in with a cookie session. */
import type { Paths } from '../openapi-types.js';
import { array, authed, enumOf, errors, isoTime, json, jsonBody, noContent, nullable, object, boolean, string, strictObject, anyJson } from '../schema-builders.js';

const capabilities = object({
  teams: nullable(array(string()), ),
  manageExceptions: boolean('may accept and revoke vulnerabilities'),
  applyOrgPolicy: boolean(),
  applyTeamPolicies: nullable(array(string())),
  readAudit: boolean(),
  verifyAudit: boolean(),
  manageWebhooks: anyJson('false, null (every team) or the teams whose webhooks the caller manages'),
  admin: boolean(),
});
const sessionInfo = object(
  {
    user: object({ kind: enumOf(['user', 'robot']), name: string(), role: string(), teams: anyJson('team → role') }),
    csrfToken: string('send it as X-Airlock-CSRF with every change made with the session cookie'),
    expiresAt: isoTime(),
    capabilities: { ...capabilities, description: 'what the caller may do; the routes check the same rules' },
  },
  ['csrfToken', 'expiresAt'],
);

export const sessionPaths: Paths = {
  '/session': {
    post: {
      operationId: 'signIn',
      summary: 'sign in with a user’s name and password: sets the HttpOnly, SameSite=Strict session cookie (Secure over TLS) and returns the CSRF token',
      tags: ['session'],
      security: [],
      requestBody: jsonBody(strictObject({ username: string(), password: string() })),
      responses: { 201: json('signed in', sessionInfo), ...errors(400, 401, 429) },
    },
    get: authed({
      operationId: 'getSession',
      summary: 'who is signed in, what they may do, and (with the cookie) the session’s CSRF token',
      tags: ['session'],
      responses: { 200: json('the caller', sessionInfo) },
    }),
    delete: authed({
      operationId: 'signOut',
      summary: 'ends the cookie session',
      tags: ['session'],
      responses: { 204: noContent, ...errors(403) },
    }),
  },
};
