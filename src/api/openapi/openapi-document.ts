/**
 * Builds the OpenAPI 3.1 document of /api/v1 from one description module per
 * route file. The list below is explicit; a path and method described twice
 * throws, so a copy-paste slip cannot silently hide a route.
 */
import { AIRLOCK_VERSION } from '../../config/index.js';
import { components } from './components.js';
import { admissionPaths } from './paths/admission.js';
import { mirrorPaths } from './paths/mirror.js';
import type { HttpMethod, OpenApiDocument, Paths } from './openapi-types.js';
import { auditPaths } from './paths/audit.js';
import { eventPaths } from './paths/events.js';
import { exceptionPaths } from './paths/exceptions.js';
import { identityPaths } from './paths/identity.js';
import { imagePaths } from './paths/images.js';
import { openApiPaths } from './paths/openapi.js';
import { policyPaths } from './paths/policies.js';
import { registryAdminPaths } from './paths/registry-admin.js';
import { tokenPaths } from './paths/tokens.js';
import { vulnerabilityDbPaths } from './paths/vulnerability-db.js';
import { webhookPaths } from './paths/webhooks.js';
import { dashboardPaths } from './paths/dashboard.js';
import { sessionPaths } from './paths/session.js';

const DESCRIPTIONS: readonly Paths[] = [sessionPaths, dashboardPaths, identityPaths, tokenPaths, registryAdminPaths, imagePaths, webhookPaths, eventPaths, auditPaths, vulnerabilityDbPaths, exceptionPaths, policyPaths, admissionPaths, mirrorPaths, openApiPaths];

const TAGS: OpenApiDocument['tags'] = [
  { name: 'session', description: 'the dashboard’s sign-in: a cookie session with a CSRF token' },
  { name: 'dashboard', description: 'fleet aggregates for the dashboard: the overview and one vulnerability across every image' },
  { name: 'identity', description: 'who is calling; teams and users' },
  { name: 'tokens', description: 'robot tokens for CI pipelines and clusters' },
  { name: 'registry', description: 'manual promotion and garbage collection' },
  { name: 'images', description: 'the gate’s verdicts' },
  { name: 'webhooks', description: 'webhook subscriptions and their delivery log' },
  { name: 'events', description: 'the event log' },
  { name: 'audit', description: 'the hash-chained audit trail' },
  { name: 'vulnerability-db', description: 'the vulnerability database' },
  { name: 'exceptions', description: 'accepted vulnerabilities (security team), and OpenVEX in and out' },
  { name: 'policies', description: 'the org and team policies, their versions, and what a change would do before it is applied' },
  { name: 'admission', description: 'the feed admission webhooks cache approved and revoked images from' },
  { name: 'mirror', description: 'public images mirrored through the gate: catalog, sync, status, update advisor' },
  { name: 'meta', description: 'this description' },
];

export function buildOpenApiDocument(descriptions: readonly Paths[] = DESCRIPTIONS): OpenApiDocument {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Airlock API',
      version: AIRLOCK_VERSION,
      description: 'The REST API of Airlock, the gate for container images. Errors always have the form {"error":{"code","message","detail"}}.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: '/api/v1', description: 'this Airlock server' }],
    security: [{ basicAuth: [] }, { robotToken: [] }, { sessionCookie: [] }],
    tags: [...TAGS],
    paths: mergePaths(descriptions),
    components,
  };
}

function mergePaths(descriptions: readonly Paths[]): Paths {
  const merged: Paths = {};
  for (const paths of descriptions) {
    for (const [path, item] of Object.entries(paths)) {
      const target = (merged[path] ??= {});
      for (const method of Object.keys(item) as HttpMethod[]) {
        if (target[method]) throw new Error(`OpenAPI: ${method.toUpperCase()} ${path} is described twice`);
        target[method] = item[method];
      }
    }
  }
  return merged;
}
