/** /mirror (routes/mirror.ts): the catalog of public images mirrored through the gate, sync, status and the update advisor. */
import { IMAGE_STATES } from '../../../gate/index.js';
import type { Paths } from '../openapi-types.js';
import { anyJson, array, authed, boolean, enumOf, errors, integer, isoTime, json, jsonBody, nullable, object, strictObject, string } from '../schema-builders.js';

const ADMINS = 'Admins only (the platform team); anyone signed in may read the catalog, status and advisor.';
const READERS = 'Anyone signed in.';
const severityCounts = anyJson('counts by severity, e.g. {"high": 2, "medium": 1}');
const tagStatus = object(
  {
    tag: string(),
    sync: enumOf(['queued', 'syncing', 'synced', 'failed']),
    state: enumOf(IMAGE_STATES, 'the gate’s state of the copy once synced'),
    held: boolean('a candidate that waits for `POST /mirror/promote` (or autoUpdate) before it is promoted'),
    origin: enumOf(['catalog', 'pull-through', 'advisor', 'manual']),
    digest: string('what Airlock stored'),
    upstreamDigest: string('what the upstream served (differs when an index was narrowed to the catalog’s platforms)'),
    syncedAt: isoTime(),
    bytes: integer('bytes fetched from the upstream'),
    error: string(),
    reasons: array(object({ rule: string(), message: string() }), 'why it was rejected'),
    vulnerabilities: severityCounts,
  },
  ['state', 'digest', 'upstreamDigest', 'syncedAt', 'bytes', 'error', 'reasons', 'vulnerabilities'],
);
const entryStatus = object(
  { source: string('e.g. docker.io/grafana/grafana'), mirrorRepository: string('where clusters pull it: mirror/<host>/<path>'), inCatalog: boolean(), upstreamTags: integer('tags the upstream listed at the last look'), checkedAt: isoTime(), lastSyncAt: isoTime(), error: string('why the last look at the upstream failed'), tags: array(tagStatus) },
  ['checkedAt', 'lastSyncAt', 'error'],
);
const candidate = object(
  { tag: string(), state: string('not-mirrored, or the sync / gate state of the fetched candidate'), held: boolean(), fixes: severityCounts, introduces: severityCounts, fixed: array(string()), introduced: array(string()) },
  ['fixes', 'introduces', 'fixed', 'introduced'],
);
const source = string('a catalog source, e.g. docker.io/grafana/grafana or grafana/grafana');

export const mirrorPaths: Paths = {
  '/mirror/catalog': {
    get: authed({
      operationId: 'mirrorCatalog',
      summary: 'the catalog in force',
      description: READERS,
      tags: ['mirror'],
      responses: { 200: json('the YAML as applied and its parsed form', object({ version: integer(), text: string(), createdBy: string(), createdAt: isoTime(), catalog: anyJson('upstreams, images (with defaults filled in), schedule') })), ...errors(404) },
    }),
    put: authed({
      operationId: 'applyMirrorCatalog',
      summary: 'validate and apply a catalog; every entry is synced',
      description: `${ADMINS} Invalid documents are a 400 CATALOG_INVALID listing every problem with its line and column. Audited as mirror.catalog.applied.`,
      tags: ['mirror'],
      requestBody: jsonBody(strictObject({ text: string('the catalog YAML') })),
      responses: { 200: json('the version in force', object({ version: integer(), changed: boolean('false when the text is the one in force'), sources: array(string()) })), ...errors(400, 403, 404) },
    }),
  },
  '/mirror/sync': {
    post: authed({
      operationId: 'syncMirror',
      summary: 'queue a sync of every entry, one entry, or some tags of one entry',
      description: `${ADMINS} Copies land in quarantine/mirror/… and are judged like pushes; approved ones appear at mirror/….`,
      tags: ['mirror'],
      requestBody: jsonBody(strictObject({ source, tags: array(string(), 'only these tags of source; an admin may name tags outside its selector') }, ['source', 'tags']), false),
      responses: { 202: json('queued', object({ queued: array(string()) })), ...errors(400, 403, 404, 409) },
    }),
  },
  '/mirror/status': {
    get: authed({
      operationId: 'mirrorStatus',
      summary: 'every mirrored source and tag: sync state, verdict, digests',
      description: READERS,
      tags: ['mirror'],
      responses: { 200: json('entries', object({ catalogVersion: nullable(integer()), entries: array(entryStatus) })), ...errors(404) },
    }),
  },
  '/mirror/outdated': {
    get: authed({
      operationId: 'mirrorOutdated',
      summary: 'the update advisor: newer upstream tags each entry allows, with their vulnerability delta against the newest approved tag',
      description: `${READERS} Read from what the last sync found upstream; candidates are fetched and judged by syncs (held unless the entry has autoUpdate).`,
      tags: ['mirror'],
      responses: { 200: json('per entry', object({ entries: array(object({ source: string(), current: string('the newest approved tag'), candidates: array(candidate) }, ['current'])) })), ...errors(404) },
    }),
  },
  '/mirror/promote': {
    post: authed({
      operationId: 'promoteMirrorCandidate',
      summary: 'release a held candidate: promoted now if approved, else once it is',
      description: `${ADMINS} Audited as mirror.promoted; announced as mirror.updated.`,
      tags: ['mirror'],
      requestBody: jsonBody(strictObject({ source, tag: string() })),
      responses: { 200: json('what happened', object({ state: string(), promoted: boolean() })), ...errors(400, 403, 404) },
    }),
  },
};
