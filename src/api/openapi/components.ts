/** What every description module shares: the one error format (errors.ts), the shared error responses, the two ways to sign in. */
import type { OpenApiDocument, Response } from './openapi-types.js';
import { json, object, ref, string, anyJson } from './schema-builders.js';

const errorSchema = object(
  {
    error: object(
      {
        code: string('stable machine-readable code, e.g. INVALID, NOT_FOUND, DENIED, UNAUTHORIZED'),
        message: string('what went wrong and what to do about it'),
        detail: anyJson('more structure where there is some, e.g. the validation issues'),
      },
      ['detail'],
    ),
  },
);

const errorResponse = (description: string): Response => json(description, ref('Error'));

export const components: OpenApiDocument['components'] = {
  schemas: { Error: errorSchema },
  responses: {
    Invalid: errorResponse('the request is malformed or a value is not allowed (code INVALID or a more specific one)'),
    Unauthorized: {
      ...errorResponse('no credentials, or wrong ones'),
      headers: { 'WWW-Authenticate': { description: 'Basic realm="airlock"', schema: string() } },
    },
    Denied: errorResponse('signed in, but the role does not allow this (code DENIED), or a change sent with the session cookie lacks the X-Airlock-CSRF header (code CSRF_REJECTED)'),
    NotFound: errorResponse('no such thing, or none that the caller may see'),
    Conflict: errorResponse('it already exists, or the change conflicts with the current state'),
    Unprocessable: errorResponse('the request is well-formed but the document in it is not valid; error.detail.issues lists every problem with its path, line and column (code POLICY_INVALID)'),
    TooManyRequests: {
      ...errorResponse('too many failed sign-ins for this user from this address; wait Retry-After seconds'),
      headers: { 'Retry-After': { description: 'seconds to wait', schema: string() } },
    },
  },
  securitySchemes: {
    basicAuth: {
      type: 'http',
      scheme: 'basic',
      description: 'a user name and password; a robot token also works as the password (any user name)',
    },
    sessionCookie: {
      type: 'apiKey',
      in: 'cookie',
      name: 'airlock_session',
      description: 'the dashboard’s session (POST /session); requests other than GET, HEAD and OPTIONS must also send the X-Airlock-CSRF header with the csrfToken returned at sign-in',
    },
    robotToken: {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'alk_…',
      description: 'a robot token (airlock token create) as a Bearer token',
    },
  },
};
