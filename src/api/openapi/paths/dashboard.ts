/** /overview, /vulnerabilities/{id}, /images/{id}/findings (routes/dashboard.ts): what the dashboard reads. */
import type { Paths, SchemaObject } from '../openapi-types.js';
import { anyJson, array, authed, boolean, enumOf, errors, integer, isoTime, json, nullable, object, pathParam, queryParam, string } from '../schema-builders.js';

const severityCounts: Record<string, SchemaObject> = { critical: integer(), high: integer(), medium: integer(), low: integer(), unknown: integer() };
const fleetFinding = object({
  imageId: string(),
  repository: string(),
  team: string(),
  state: string(),
  tags: array(string()),
  vulnerabilityId: string(),
  packageName: string(),
  packageType: string(),
  installedVersion: string(),
  fixedVersion: nullable(string()),
  severity: string(),
  excepted: boolean('an active exception keeps it out of the verdict'),
  firstSeenAt: isoTime(),
});

export const dashboardPaths: Paths = {
  '/overview': {
    get: authed({
      operationId: 'getOverview',
      summary: 'images per state and team, open vulnerabilities by severity per day, vulnerabilities newly found in approved images, and the vulnerability database’s freshness',
      tags: ['dashboard'],
      parameters: [queryParam('days', integer(undefined, { minimum: 1, maximum: 365, default: 30 }), 'days of trend')],
      responses: {
        200: json(
          'the overview',
          object(
            {
              states: anyJson('state → images'),
              total: integer(),
              teams: array(object({ team: string(), total: integer(), states: anyJson('state → images') })),
              trend: array(object({ day: string('YYYY-MM-DD (UTC)'), ...severityCounts })),
              newestInApproved: array(fleetFinding),
              database: object({ advisories: integer(), lastUpdatedAt: isoTime(), lastCheckedAt: isoTime() }, ['lastUpdatedAt', 'lastCheckedAt']),
            },
          ),
        ),
        ...errors(400),
      },
    }),
  },
  '/vulnerabilities/{id}': {
    get: authed({
      operationId: 'getVulnerability',
      summary: 'one vulnerability across the fleet: its advisory and every image (and team) with an open finding of it, under its id or an alias',
      tags: ['dashboard'],
      parameters: [pathParam('id', 'CVE, GHSA or other advisory id')],
      responses: {
        200: json(
          'the blast radius',
          object(
            {
              id: string(),
              advisory: object({ id: string(), summary: string(), details: string(), aliases: array(string()), published: string(), modified: string(), severity: string(), references: array(string()) }, ['summary', 'details', 'published', 'severity']),
              images: array(fleetFinding),
              imageCount: integer(),
              truncated: boolean(),
              teams: array(object({ team: string(), images: integer(), states: anyJson('state → images') })),
            },
            ['advisory'],
          ),
        ),
        ...errors(400, 404),
      },
    }),
  },
  '/images/{id}/findings': {
    get: authed({
      operationId: 'getImageFindings',
      summary: 'the image’s findings with their verdict status: denied by a rule, accepted by an exception, or allowed',
      tags: ['images'],
      parameters: [pathParam('id', 'image id')],
      responses: {
        200: json(
          'the findings',
          object({
            findings: array(
              object(
                {
                  id: string(),
                  aliases: array(string()),
                  package: string(),
                  packageType: string(),
                  purl: string(),
                  installedVersion: string(),
                  fixedVersion: string(),
                  severity: string(),
                  score: { type: 'number' },
                  summary: string(),
                  layer: string(),
                  path: string(),
                  platform: string(),
                  status: enumOf(['denied', 'excepted', 'allowed']),
                  rules: array(string()),
                  exception: object({ id: string(), scope: string(), expiresAt: isoTime() }),
                },
                ['packageType', 'fixedVersion', 'score', 'summary', 'layer', 'path', 'platform', 'exception'],
              ),
            ),
          }),
        ),
        ...errors(404),
      },
    }),
  },
};
