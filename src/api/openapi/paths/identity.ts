/** /whoami, /teams, /users (routes/identity.ts). */
import type { Paths } from '../openapi-types.js';
import { array, authed, boolean, enumOf, epochMs, errors, json, jsonBody, noContent, object, pathParam, strictObject, string } from '../schema-builders.js';

const ORG_ROLES = ['admin', 'security', 'developer', 'viewer'] as const;
const TEAM_ROLES = ['developer', 'viewer'] as const;
const ROBOT_ROLES = ['ci', 'puller'] as const;

const membership = object({ team: string(), role: enumOf(TEAM_ROLES) });
const team = object({ name: string(), createdAt: epochMs(), members: array(object({ username: string(), role: enumOf(TEAM_ROLES) })) });
const user = object({ username: string(), role: enumOf(ORG_ROLES), createdAt: epochMs(), disabled: boolean(), teams: array(membership) });
const whoami = {
  oneOf: [
    object({ kind: { const: 'user' }, username: string(), role: enumOf(ORG_ROLES), teams: { type: 'object', additionalProperties: enumOf(TEAM_ROLES), description: 'team name → role in it' } }),
    object({ kind: { const: 'robot' }, id: string(), name: string(), team: string(), role: enumOf(ROBOT_ROLES) }),
  ],
};
const teamParams = [pathParam('team', 'team name'), pathParam('username', 'user name')];

export const identityPaths: Paths = {
  '/whoami': {
    get: authed({ operationId: 'whoami', summary: 'who the credentials belong to', tags: ['identity'], responses: { 200: json('the caller', whoami) } }),
  },
  '/teams': {
    get: authed({ operationId: 'listTeams', summary: 'every team with its members', tags: ['identity'], responses: { 200: json('the teams', object({ teams: array(team) })) } }),
    post: authed({
      operationId: 'createTeam',
      summary: 'create a team (admin)',
      tags: ['identity'],
      requestBody: jsonBody(strictObject({ name: string('lowercase letters, digits and single dashes; not a reserved name') })),
      responses: { 201: json('created', object({ name: string(), createdAt: epochMs() })), ...errors(400, 403, 409) },
    }),
  },
  '/teams/{team}/members/{username}': {
    put: authed({
      operationId: 'setTeamMember',
      summary: 'add a user to a team or change their role in it (admin)',
      tags: ['identity'],
      parameters: teamParams,
      requestBody: jsonBody(strictObject({ role: enumOf(TEAM_ROLES) })),
      responses: { 200: json('the membership', object({ team: string(), username: string(), role: enumOf(TEAM_ROLES) })), ...errors(400, 403, 404) },
    }),
    delete: authed({
      operationId: 'removeTeamMember',
      summary: 'remove a user from a team (admin)',
      tags: ['identity'],
      parameters: teamParams,
      responses: { 204: noContent, ...errors(403, 404) },
    }),
  },
  '/users': {
    get: authed({ operationId: 'listUsers', summary: 'every user (admin); never with password hashes', tags: ['identity'], responses: { 200: json('the users', object({ users: array(user) })), ...errors(403) } }),
    post: authed({
      operationId: 'createUser',
      summary: 'create a user (admin)',
      tags: ['identity'],
      requestBody: jsonBody(
        strictObject(
          {
            username: string('1–63 lowercase letters, digits, ".", "_" or "-"'),
            password: string('at least 12 characters', { minLength: 12 }),
            role: { ...enumOf(ORG_ROLES), default: 'developer' },
            teams: { ...array(membership), default: [] },
          },
          ['role', 'teams'],
        ),
      ),
      responses: { 201: json('created', object({ username: string(), role: enumOf(ORG_ROLES), createdAt: epochMs(), teams: array(membership) })), ...errors(400, 403, 404, 409) },
    }),
  },
};
