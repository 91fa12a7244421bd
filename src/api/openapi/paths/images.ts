/** /images (routes/images.ts): what the gate decided about each pushed image, seen per team. */
import { IMAGE_REPORT_FORMATS, IMAGE_STATES } from '../../../gate/index.js';
import type { MediaType, Paths, SchemaObject } from '../openapi-types.js';
import { anyJson, array, authed, enumOf, epochMs, errors, integer, isoTime, json, nullable, object, pathParam, queryParam, string } from '../schema-builders.js';

const reason = object(
  {
    rule: string('policy rule id, or airlock:<check> for the gate’s own checks'),
    message: string(),
    vulnerability: string(),
    package: string(),
    installedVersion: string(),
    fixedVersion: string(),
    severity: string(),
    platform: string('for multi-platform images: the platform that failed'),
  },
  ['vulnerability', 'package', 'installedVersion', 'fixedVersion', 'severity', 'platform'],
);
const state = enumOf(IMAGE_STATES);
const times = ['receivedAt', 'decidedAt', 'approvedAt', 'revokeAt', 'revokedAt'];
const summaryProperties: Record<string, SchemaObject> = {
  id: string(),
  repository: string('quarantine/<team>/<name>'),
  digest: string(),
  team: string(),
  tags: array(string()),
  state,
  reasons: array(reason),
  summary: anyJson('finding counts of the last decision'),
  error: string('why the scan failed (state error)'),
  policyVersion: string(),
  ...Object.fromEntries(times.map((name) => [name, isoTime()])),
};
const summaryOptional = ['summary', 'error', 'policyVersion', ...times];
const counts = object({ critical: integer(), high: integer(), medium: integer(), low: integer(), unknown: integer() });
const listedImage = object({ ...summaryProperties, counts: { ...counts, description: 'open findings by severity' } }, summaryOptional);
const filterParams = [
  queryParam('team', string(), 'only this team'),
  queryParam('state', string(`one state or several, comma-separated (${IMAGE_STATES.join(', ')})`), 'only images in these states'),
  queryParam('repository', string(), 'only this repository (exact)'),
  queryParam('q', string(), 'only repositories containing this text'),
  queryParam('severity', enumOf(['critical', 'high', 'medium', 'low']), 'only images with an open finding at least this severe'),
  queryParam('vulnerability', string(), 'only images with an open finding known by this id or alias (CVE-…, GHSA-…)'),
  queryParam('package', string(), 'only images containing a package of this name'),
  queryParam('newerThan', string('a duration such as 24h, 7d or 2w'), 'only images pushed within this long'),
  queryParam('olderThan', string('a duration such as 30d'), 'only images pushed longer ago than this'),
  queryParam('sort', enumOf(['received', 'repository', 'team', 'state', 'severity', 'decided']), 'sort key (default received, newest first)'),
  queryParam('order', enumOf(['asc', 'desc']), 'sort order'),
];
const reports = object(
  { html: string('the self-contained HTML report, with the verdict and its reasons'), json: string('the JSON scan report (airlock scan --format json)') },
  [],
);
const reportsDescription = 'links to the latest reports (absolute when the server knows its public URL); absent until the gate has judged the image';
const historyEntry = object({ at: epochMs(), from: nullable(state), to: state, cause: string(), detail: anyJson() }, ['detail']);

export const imagePaths: Paths = {
  '/images': {
    get: authed({
      operationId: 'listImages',
      summary: 'images the gate has seen, newest first, in the teams the caller sees',
      tags: ['images'],
      parameters: [
        ...filterParams,
        queryParam('limit', integer(undefined, { minimum: 1, maximum: 1000, default: 100 }), 'page size'),
        queryParam('offset', integer(undefined, { minimum: 0, default: 0 }), 'images to skip'),
      ],
      responses: { 200: json('a page of images, and how many match', object({ images: array(listedImage), total: integer(), limit: integer(), offset: integer() })), ...errors(400) },
    }),
  },
  '/images/export': {
    get: authed({
      operationId: 'exportImages',
      summary: 'every image GET /images would list with the same filters (up to 100,000), as CSV or JSON, for download',
      tags: ['images'],
      parameters: [...filterParams, queryParam('format', { ...enumOf(['csv', 'json']), default: 'csv' }, 'file format')],
      responses: {
        200: {
          description: 'the images, with Content-Disposition naming a file',
          content: {
            'text/csv': { schema: string('header id,repository,team,tags,state,critical,high,medium,low,unknown,digest,receivedAt,decidedAt') },
            'application/json': { schema: object({ images: array(listedImage), total: integer() }) },
          },
        },
        ...errors(400),
      },
    }),
  },
  '/images/status': {
    get: authed({
      operationId: 'imageStatus',
      summary: 'where one image stands at the gate, and why',
      tags: ['images'],
      parameters: [queryParam('ref', string(), 'an image reference, e.g. quarantine/payments/api:1.4.2', true)],
      responses: {
        200: json(
          'the image’s state',
          object(
            { id: string(), repository: string(), digest: string(), state, reasons: array(reason), tags: array(string()), error: string(), decidedAt: isoTime(), revokeAt: isoTime(), policyVersion: string(), reports: { ...reports, description: reportsDescription } },
            ['error', 'decidedAt', 'revokeAt', 'policyVersion', 'reports'],
          ),
        ),
        ...errors(400, 404),
      },
    }),
  },
  '/images/{id}': {
    get: authed({
      operationId: 'getImage',
      summary: 'one image with its last evaluation and its state history',
      tags: ['images'],
      parameters: [pathParam('id', 'image id')],
      responses: {
        200: json(
          'the image',
          object(
            { ...summaryProperties, reports: { ...reports, description: reportsDescription }, evaluation: anyJson('the policy evaluation behind the verdict'), history: array(historyEntry) },
            [...summaryOptional, 'reports', 'evaluation'],
          ),
        ),
        ...errors(404),
      },
    }),
  },
  '/images/{id}/report': {
    get: authed({
      operationId: 'getImageReport',
      summary: 'the image’s latest scan report: HTML and JSON as stored when it was judged; SARIF, JUnit, CycloneDX and SPDX rendered from the JSON',
      tags: ['images'],
      parameters: [pathParam('id', 'image id'), queryParam('format', { ...enumOf(IMAGE_REPORT_FORMATS), default: 'html' }, 'report format')],
      responses: {
        200: {
          description: 'the report, with Content-Disposition naming a file (`<name>-<digest prefix>.<extension>`)',
          content: reportContent(),
        },
        ...errors(400, 404),
      },
    }),
  },
};

/** One media type per format (scan/report/formats.ts). */
function reportContent(): Record<string, MediaType> {
  const text = (description: string): MediaType => ({ schema: string(description) });
  return {
    'text/html': text('self-contained HTML5 page: summary, verdict and reasons, sortable and filterable findings, packages, layers'),
    'application/json': { schema: anyJson('the ScanReport: schemaVersion, scanner, artifact, os, packages, vulnerabilities, errors') },
    'application/sarif+json': { schema: anyJson('SARIF 2.1.0 log') },
    'application/xml': text('JUnit XML: one testcase per package, failing when the package is vulnerable'),
    'application/vnd.cyclonedx+json': { schema: anyJson('CycloneDX SBOM with vulnerabilities') },
    'application/spdx+json': { schema: anyJson('SPDX 2.3 SBOM') },
  };
}
