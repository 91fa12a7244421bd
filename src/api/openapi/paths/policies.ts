/** /policies (routes/policies.ts): the org and team policies, their versions, and what a candidate would do. */
import { IMAGE_STATES } from '../../../gate/index.js';
import type { Operation, Parameter, Paths } from '../openapi-types.js';
import { anyJson, array, authed, boolean, enumOf, epochMs, errors, integer, isoTime, json, jsonBody, nullable, object, pathParam, strictObject, string } from '../schema-builders.js';

const READ_ACCESS = 'Everyone signed in reads the org policy; a team’s policy is read by the team’s members, admins, security and organisation viewers (others get 403).';
const APPLY_ACCESS =
  'The org policy is applied by admins and security; a team’s policy also by developers of that team (a team policy only adds to the org policy: evaluation always runs the org rules too and takes the shorter grace period). Viewers and robot tokens are refused (403).';

const scope = string('org, or team:<name>');
const versionFields = { scope, team: string('for a team policy'), name: string(), version: integer('1, 2, … per scope'), digest: string('sha256 of the text, hex'), createdBy: string(), createdAt: epochMs() };
const policyFields = { ...versionFields, text: string('the YAML as applied') };
const policyVersion = object(policyFields, ['team']);
const historyEntry = object(versionFields, ['team']);
const reason = object({ rule: string(), message: string(), vulnerability: string(), package: string(), installedVersion: string(), fixedVersion: string(), severity: string() }, [
  'vulnerability',
  'package',
  'installedVersion',
  'fixedVersion',
  'severity',
]);
const state = enumOf(IMAGE_STATES);
const imageImpact = object({ repository: string(), digest: string(), team: string(), tags: array(string()), state, becomes: state, revokeAt: isoTime('when an image going at risk would be revoked'), reasons: array(reason) }, ['revokeAt']);
const documentText = string('the policy YAML (apiVersion airlock/v1, kind Policy)', { minLength: 1 });
const textBody = jsonBody(strictObject({ text: documentText }));
const summaryFields = {
  scope,
  name: string(),
  team: string(),
  description: string(),
  gracePeriod: nullable(string()),
  rules: array(object({ id: string(), action: enumOf(['deny', 'warn']), kind: string(), description: string() }, ['description'])),
};

type Scope = { path: string; what: string; id: string; parameters: Parameter[] };
const SCOPES: Scope[] = [
  { path: '/policies/org', what: 'the org policy', id: 'OrgPolicy', parameters: [] },
  { path: '/policies/teams/{team}', what: 'a team’s policy', id: 'TeamPolicy', parameters: [pathParam('team', 'team name')] },
];

function scopePaths({ path, what, id, parameters }: Scope): Paths {
  const read = (operation: Omit<Operation, 'tags' | 'description'>): Operation => authed({ ...operation, description: READ_ACCESS, tags: ['policies'], parameters: [...parameters, ...(operation.parameters ?? [])] });
  return {
    [path]: {
      get: read({ operationId: `get${id}`, summary: `the current version of ${what}`, responses: { 200: json('the current version', policyVersion), ...errors(403, 404) } }),
      put: authed({
        operationId: `apply${id}`,
        summary: `apply a new version of ${what}; its images are judged again`,
        description: `${APPLY_ACCESS} The document’s metadata.team must match the URL (400). Audited as policy.applied and announced as the event policy.changed. Applying the current text again stores nothing (changed: false).`,
        tags: ['policies'],
        parameters,
        requestBody: jsonBody(strictObject({ text: documentText, expectedVersion: integer('the version you edited; another version being current is a 409 naming it (0: no policy yet)', { minimum: 0 }) }, ['expectedVersion'])),
        responses: {
          200: json('the version now current', object({ ...policyFields, changed: boolean('false when the text was already current'), previousVersion: nullable(integer()) }, ['team'])),
          ...errors(400, 403, 404, 409, 422),
        },
      }),
    },
    [`${path}/history`]: {
      get: read({ operationId: `get${id}History`, summary: `every version of ${what}, newest first (without their text)`, responses: { 200: json('the versions', object({ scope, versions: array(historyEntry) })), ...errors(403) } }),
    },
    [`${path}/versions/{version}`]: {
      get: read({
        operationId: `get${id}Version`,
        summary: `one version of ${what}`,
        parameters: [pathParam('version', 'version number')],
        responses: { 200: json('the version', policyVersion), ...errors(400, 403, 404) },
      }),
    },
  };
}

const candidate = (operation: Omit<Operation, 'tags'>): Operation => authed({ ...operation, tags: ['policies'] });

export const policyPaths: Paths = {
  '/policies': {
    get: authed({
      operationId: 'listPolicies',
      summary: 'the current org policy and the current policy of every team the caller sees',
      tags: ['policies'],
      responses: { 200: json('the org policy first, then team policies', object({ policies: array(policyVersion) })) },
    }),
  },
  ...SCOPES.reduce<Paths>((paths, item) => ({ ...paths, ...scopePaths(item) }), {}),
  '/policies/validate': {
    post: candidate({
      operationId: 'validatePolicy',
      summary: 'check a policy document without applying it',
      requestBody: textBody,
      responses: { 200: json('valid, with a summary', object({ valid: boolean(), ...summaryFields }, ['team', 'description'])), ...errors(400, 422) },
    }),
  },
  '/policies/diff': {
    post: candidate({
      operationId: 'diffPolicy',
      summary: 'what a document changes against the current policy of its scope',
      description: READ_ACCESS,
      requestBody: textBody,
      responses: {
        200: json(
          'the changes, structured and as text',
          object({ scope, currentVersion: nullable(integer('null: the team has no policy yet')), identical: boolean(), diff: anyJson('rules added, removed and changed; metadata and grace period changes'), rendered: string('one line per change: + added, - removed, ~ changed') }),
        ),
        ...errors(400, 403, 422),
      },
    }),
  },
  '/policies/preview': {
    post: candidate({
      operationId: 'previewPolicy',
      summary: 'what applying a document would do to the images the caller sees',
      description: `${READ_ACCESS} Each decided image is judged from its stored inventory; nothing is recorded.`,
      requestBody: textBody,
      responses: {
        200: json(
          'the impact',
          object({
            scope,
            examined: integer('decided images looked at'),
            revocations: array(imageImpact, 'approved or at-risk images it would fail: at risk for the grace period, then revoked'),
            approvals: array(imageImpact, 'rejected or revoked images it would approve'),
            unknown: array(object({ repository: string(), digest: string(), team: string() }), 'images to be scanned again before they can be judged'),
          }),
        ),
        ...errors(400, 403, 404, 422),
      },
    }),
  },
  '/policies/test': {
    post: candidate({
      operationId: 'testPolicy',
      summary: 'the verdict a document would give one image, without applying it',
      requestBody: jsonBody(strictObject({ text: documentText, ref: string('quarantine or approved reference, by tag or digest, e.g. quarantine/payments/api:1.4.2') })),
      responses: {
        200: json(
          'the would-be verdict',
          object(
            { scope, repository: string(), digest: string(), team: string(), tags: array(string()), state, outcome: enumOf(['pass', 'fail', 'unknown']), becomes: state, revokeAt: isoTime(), reasons: array(reason) },
            ['becomes', 'revokeAt'],
          ),
        ),
        ...errors(400, 404, 422),
      },
    }),
  },
};
