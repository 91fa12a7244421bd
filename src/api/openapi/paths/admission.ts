/** /admission (routes/admission.ts): the feed admission webhooks cache approved and revoked images from. */
import { IMAGE_STATES } from '../../../gate/index.js';
import type { Paths } from '../openapi-types.js';
import { array, authed, enumOf, epochMs, errors, isoTime, json, object, queryParam, string } from '../schema-builders.js';

const READERS =
  'Admins, security and organisation viewers. The in-cluster webhook (`airlock admission serve`) signs in with a viewer account ' +
  '(Basic auth, from AIRLOCK_ADMISSION_USERNAME / AIRLOCK_ADMISSION_PASSWORD): it sees every team’s images and changes nothing.';

const reason = object(
  { rule: string(), message: string(), vulnerability: string(), package: string(), installedVersion: string(), fixedVersion: string(), severity: string() },
  ['vulnerability', 'package', 'installedVersion', 'fixedVersion', 'severity'],
);
const image = object(
  {
    repository: string('where clusters pull it from: <team>/<name> or mirror/<host>/<path>'),
    quarantineRepository: string('where it was pushed and judged: quarantine/<team>/<name>'),
    digest: string(),
    state: enumOf(IMAGE_STATES, 'approved and at-risk images may run; every other state may not'),
    tags: array(string(), 'approved tags of repository that point at this digest'),
    quarantineTags: array(string(), 'tags pushed to the quarantine repository for this digest'),
    reasons: array(reason, 'why it fails its policy (rejected, at-risk, revoked), at most 20'),
    error: string('why its scan failed (state error)'),
    revokeAt: epochMs('when an at-risk image will be revoked'),
  },
  ['error', 'revokeAt'],
);
const page = (description: string) =>
  json(description, object({ cursor: string('pass as since to /admission/changes'), readAt: isoTime('the server’s time of the read'), images: array(image) }));

export const admissionPaths: Paths = {
  '/admission/snapshot': {
    get: authed({
      operationId: 'admissionSnapshot',
      summary: 'every image the gate has seen, as admission webhooks cache it',
      description: READERS,
      tags: ['admission'],
      responses: { 200: page('the whole set, and a cursor for the changes after it'), ...errors(403, 404) },
    }),
  },
  '/admission/changes': {
    get: authed({
      operationId: 'admissionChanges',
      summary: 'images whose state or approved tags changed since a cursor (each whole; an image may come again)',
      description: `${READERS} Entries replace the cached ones with the same repository and digest.`,
      tags: ['admission'],
      parameters: [queryParam('since', string(), 'the cursor of the last snapshot or changes response', true)],
      responses: { 200: page('the changed images, and the cursor to ask from next'), ...errors(400, 403, 404) },
    }),
  },
};
