/** /exceptions (routes/exceptions.ts, routes/exception-vex.ts): vulnerability exceptions and OpenVEX. */
import { VEX_JUSTIFICATIONS } from '../../../policy/index.js';
import type { Paths } from '../openapi-types.js';
import { anyJson, array, authed, enumOf, epochMs, errors, integer, json, jsonBody, nullable, object, pathParam, queryParam, strictObject, string } from '../schema-builders.js';

const ACCESS =
  'Creating, importing and revoking need the security role (or admin); other callers get 403 DENIED. Everyone signed in sees organisation-wide exceptions and those of the teams they see (developers and robot tokens: their own teams; security, viewers, admins: all).';
const STATES = ['active', 'expired', 'revoked'] as const;
const SCOPE =
  'org (every image), team:<team> (the team’s images) or repository:<team>/<name> (one repository; quarantine/<team>/<name> is accepted and stored as <team>/<name>). The team must exist.';
const EXPIRY = 'an RFC 3339 date-time or a date (2026-12-31 means 2026-12-31T00:00:00Z), or epoch milliseconds; must be in the future';

const exception = object({
  id: string(),
  vulnerability: string('the accepted vulnerability; matches a finding’s id or any of its aliases'),
  aliases: array(string(), 'other names of the same vulnerability; they match too'),
  package: nullable(string('a package name, or a purl (without a version it covers every version); null: every package')),
  scope: string(SCOPE),
  reason: string(),
  justification: nullable(enumOf(VEX_JUSTIFICATIONS, 'an OpenVEX justification')),
  source: nullable(string('where it came from when not typed in, e.g. openvex:<document id>')),
  expiresAt: epochMs('when it stops applying (epoch milliseconds); images it covered are judged again then'),
  createdBy: string(),
  createdAt: epochMs(),
  revokedAt: nullable(epochMs()),
  revokedBy: nullable(string()),
  state: enumOf(STATES, 'revoked wins over expired'),
});
const id = pathParam('id', 'exception id');
const team = queryParam('team', string(), 'exceptions that can apply to this team’s images: organisation-wide, the team’s, and its repositories’');
const vexDocument = object({ '@context': string(), '@id': string(), author: string(), statements: array({ type: 'object' }) });

export const exceptionPaths: Paths = {
  '/exceptions': {
    get: authed({
      operationId: 'listExceptions',
      summary: 'the exceptions the caller may see, oldest first',
      description: ACCESS,
      tags: ['exceptions'],
      parameters: [
        team,
        queryParam('scope', string(), 'exactly this scope, e.g. team:payments'),
        queryParam('state', { ...enumOf([...STATES, 'all']), default: 'all' }, 'only exceptions in this state now'),
        queryParam('vulnerability', string(), 'the vulnerability or one of its aliases, ignoring case'),
        queryParam('cursor', string(), 'nextCursor of the previous page'),
        queryParam('limit', integer(undefined, { minimum: 1, maximum: 500, default: 100 }), 'page size'),
      ],
      responses: { 200: json('a page of exceptions', object({ exceptions: array(exception), nextCursor: nullable(string('null on the last page')) })), ...errors(400) },
    }),
    post: authed({
      operationId: 'createException',
      summary: 'accept one vulnerability with a reason and an expiry; images it covers are judged again',
      description: `${ACCESS} Problems with the values are reported together as 400 EXCEPTION_INVALID, each in detail.issues with its field and code (REQUIRED, INVALID_SCOPE, EXPIRY_NOT_IN_FUTURE, …); an unknown team is 404 NOT_FOUND. Recorded in the audit trail and published as exception.created.`,
      tags: ['exceptions'],
      requestBody: jsonBody(
        strictObject(
          {
            vulnerability: string('CVE-…, GHSA-… or any alias'),
            aliases: array(string(), 'other names of the same vulnerability'),
            package: string('only this package: a name (minimist) or a purl (pkg:npm/minimist)'),
            scope: string(SCOPE),
            reason: string('why it is accepted; shown to everyone it affects', { maxLength: 4000 }),
            expiresAt: { ...anyJson(EXPIRY), type: ['string', 'integer'] },
            justification: enumOf(VEX_JUSTIFICATIONS, 'an OpenVEX justification, exported as is'),
          },
          ['aliases', 'package', 'justification'],
        ),
      ),
      responses: { 201: json('created', exception), ...errors(400, 403, 404) },
    }),
  },
  '/exceptions/{id}': {
    get: authed({ operationId: 'getException', summary: 'one exception', description: ACCESS, tags: ['exceptions'], parameters: [id], responses: { 200: json('the exception', exception), ...errors(404) } }),
  },
  '/exceptions/{id}/revoke': {
    post: authed({
      operationId: 'revokeException',
      summary: 'stop an exception applying now; images it covered are judged again',
      description: `${ACCESS} The exception stays listed as revoked. Revoking twice is 409 CONFLICT. Recorded in the audit trail and published as exception.revoked.`,
      tags: ['exceptions'],
      parameters: [id],
      requestBody: jsonBody(strictObject({ reason: string('why it is revoked; kept in the audit trail', { maxLength: 4000 }) }, ['reason']), false),
      responses: { 200: json('the revoked exception', exception), ...errors(400, 403, 404, 409) },
    }),
  },
  '/exceptions/vex': {
    get: authed({
      operationId: 'exportExceptionsAsOpenVex',
      summary: 'the active exceptions the caller sees, as one OpenVEX v0.2.0 document of not_affected statements',
      description: ACCESS,
      tags: ['exceptions'],
      parameters: [team, queryParam('author', string(undefined, { default: 'Airlock' }), 'the document’s author')],
      responses: { 200: json('an OpenVEX document', vexDocument), ...errors(400) },
    }),
    post: authed({
      operationId: 'importOpenVex',
      summary: 'create exceptions from an OpenVEX document: not_affected and fixed statements, all or none',
      description: `${ACCESS} One exception per statement and product purl, with the justification in its reason; affected and under_investigation statements are skipped and listed. A document that is not OpenVEX is 400 VEX_INVALID.`,
      tags: ['exceptions'],
      parameters: [queryParam('scope', string(), SCOPE, true), queryParam('expiresAt', string(), `when the imported exceptions expire: ${EXPIRY}`, true)],
      requestBody: jsonBody(vexDocument),
      responses: {
        200: json('nothing created: every statement was skipped', object({ exceptions: array(exception), skipped: array({ type: 'object' }), notes: array(string()) })),
        201: json('created', object({ exceptions: array(exception), skipped: array({ type: 'object' }), notes: array(string()) })),
        ...errors(400, 403, 404),
      },
    }),
  },
};
