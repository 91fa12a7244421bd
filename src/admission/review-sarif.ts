/**
 * `airlock admission review --format sarif`: a manifest review as SARIF 2.1.0
 * for code-scanning tools. One rule per rule id that fired, one result per
 * finding (errors are denials, warnings the webhook's warnings), located at the
 * manifest file and the line where the object starts, relative to the working
 * directory (`%SRCROOT%`) so a viewer links it to the repository.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ManifestReview, ReviewedResource, ReviewFinding } from './manifest-review.js';
import { POD_SECURITY_CHECKS } from './pod-security/index.js';

const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const FINGERPRINT_KEY = 'airlockManifestFinding/v1';

const IMAGE_RULE_TEXT: Record<string, string> = {
  'image-reference': 'The image reference parses (lowercase path, valid host, not a bare digest).',
  'image-registry': 'The image comes from an allowed registry (Airlock).',
  'image-quarantine': 'The image is not a quarantine image.',
  'image-latest': 'The image does not float on the latest tag.',
  'image-digest': 'The image names a digest.',
  'image-approved': 'The image is approved by Airlock’s gate (not rejected, revoked or unknown).',
  'image-cache': 'Airlock’s approved images could be read.',
  object: 'The object is well formed.',
  warning: 'A warning of the admission webhook.',
};

export interface ReviewSarifOptions {
  toolVersion: string;
}

export function reviewToSarif(review: ManifestReview, options: ReviewSarifOptions): string {
  const located = review.resources.flatMap((resource) => resource.findings.map((finding) => ({ resource, finding })));
  const ids = [...new Set(located.map(({ finding }) => finding.rule))].sort();
  const ruleIndex = new Map(ids.map((id, index) => [id, index]));
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'airlock-admission-review', version: options.toolVersion, rules: ids.map(rule) } },
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The directory the review was run in' } } },
        results: located.map(({ resource, finding }) => result(resource, finding, ruleIndex.get(finding.rule) ?? 0)),
        columnKind: 'utf16CodeUnits',
        properties: { podSecurity: review.podSecurity, imagesChecked: review.imagesChecked, registries: review.registries },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function rule(id: string): Record<string, unknown> {
  const check = id.startsWith('pod-security:') ? POD_SECURITY_CHECKS.find((info) => info.id === id.slice('pod-security:'.length)) : undefined;
  const text = check ? `Pod Security Standards (${check.level} level, since ${check.since}): ${check.id}.` : (IMAGE_RULE_TEXT[id] ?? `Airlock admission rule ${id}.`);
  return {
    id,
    name: id.replace(/[^A-Za-z0-9]+(.)?/g, (_match, next: string | undefined) => (next ?? '').toUpperCase()),
    shortDescription: { text },
    help: { text: 'See docs/admission-webhook.md (Rules) in Airlock.' },
    defaultConfiguration: { level: id === 'warning' ? 'warning' : 'error' },
    properties: { tags: [id.startsWith('pod-security:') ? 'pod-security' : 'image', 'kubernetes', 'security'] },
  };
}

function result(resource: ReviewedResource, finding: ReviewFinding, ruleIndex: number): Record<string, unknown> {
  const subject = `${resource.kind} ${resource.namespace ? `${resource.namespace}/` : ''}${resource.name || '(unnamed)'}`;
  return {
    ruleId: finding.rule,
    ruleIndex,
    level: finding.severity,
    message: { text: `${subject}: ${finding.message}` },
    locations: [
      {
        physicalLocation: { artifactLocation: artifactLocation(resource.source), region: { startLine: resource.line } },
        logicalLocations: [{ name: resource.name || '(unnamed)', fullyQualifiedName: subject, kind: 'resource' }],
      },
    ],
    // The same finding on the same object is the same alert in the next run, wherever the object moved in the file.
    partialFingerprints: { [FINGERPRINT_KEY]: createHash('sha256').update([resource.source, resource.kind, resource.namespace ?? '', resource.name, finding.rule, finding.container ?? '', finding.message].join('\u0000'), 'utf8').digest('hex') },
    properties: { kind: resource.kind, apiVersion: resource.apiVersion, ...(resource.namespace ? { namespace: resource.namespace } : {}), name: resource.name, ...(finding.container ? { container: finding.container } : {}) },
  };
}

/** Relative paths as URI references under %SRCROOT% (segments percent-encoded), absolute ones as file URIs; standard input is `stdin`. */
function artifactLocation(source: string): { uri: string; uriBaseId?: string } {
  if (source === '-') return { uri: 'stdin' };
  if (path.isAbsolute(source)) return { uri: pathToFileURL(source).href };
  const uri = source
    .split(/[\\/]/)
    .filter((segment) => segment !== '.')
    .map((segment) => encodeURIComponent(segment.replace(/[\uD800-\uDFFF]/gu, '\uFFFD')))
    .join('/');
  return { uri, uriBaseId: '%SRCROOT%' };
}
