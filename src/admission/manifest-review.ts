/**
 * Shift-left: the validating webhook's own decision (validateRequest: the same
 * pod-template extraction, image rules and Pod Security checks) applied to
 * manifests in CI, before they reach a cluster. Each object becomes the
 * AdmissionRequest a `kubectl apply` would send (CREATE); Namespace objects in
 * the same input supply the labels (`pod-security.kubernetes.io/enforce`) of
 * their namespace, as the cluster would. Unlike Kubernetes, workloads are
 * judged at the enforce level too: a Deployment whose pods would be refused
 * is what the review is there to catch.
 *
 * Without an Airlock server there is no approved set: `image-approved` is off,
 * and `image-registry`/`image-quarantine` apply only when registries are named.
 */
import type { AdmissionRequest } from './admission-review.js';
import type { AdmissionSettings } from './admission-settings.js';
import { ApprovedSet } from './approved-set.js';
import type { FeedPage } from './feed-page.js';
import type { ManifestObject } from './manifest-documents.js';
import { StaticNamespaceLabels } from './namespace-labels.js';
import { podSecurityDefaults } from './pod-security-check.js';
import { formatLevelVersion, parseLevelVersion } from './pod-security/index.js';
import { validateRequest, type DecisionContext } from './validate-request.js';

export interface ManifestReviewOptions {
  /** `level[:version]` for namespaces whose labels (in the input) do not say; throws PodSecurityError when invalid. */
  podSecurity: string;
  /** Allowed registries; empty: not checked (offline). */
  registries: readonly string[];
  /** The server's approved-image snapshot; absent: image-approved is not checked. */
  snapshot?: FeedPage;
  denyLatest?: boolean;
  denyTagWithoutDigest?: boolean;
  /** Namespace of objects that name none (what `kubectl apply -n` would use). */
  defaultNamespace?: string;
  now: number;
}

export interface ReviewFinding {
  severity: 'error' | 'warning';
  /** Rule id (`image-approved`, `pod-security:runAsNonRoot`); `warning` for the webhook's warnings. */
  rule: string;
  container?: string;
  message: string;
}

export interface ReviewedResource {
  source: string;
  line: number;
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  /** False for kinds the webhook does not check (Services, ConfigMaps, …) and for documents that are not Kubernetes objects. */
  checked: boolean;
  denied: boolean;
  findings: ReviewFinding[];
}

export interface ManifestReview {
  podSecurity: string;
  registries: string[];
  imagesChecked: boolean;
  resources: ReviewedResource[];
  summary: { resources: number; checked: number; denied: number; warnings: number };
}

export function reviewManifests(objects: readonly ManifestObject[], options: ManifestReviewOptions): ManifestReview {
  const level = parseLevelVersion(options.podSecurity);
  const settings = reviewSettings(options, formatLevelVersion(level));
  const set = new ApprovedSet();
  if (options.snapshot) set.replace(options.snapshot.images, options.snapshot.cursor, options.now);
  const ctx: DecisionContext = { settings, set, namespaces: namespaceLabels(objects), podSecurity: podSecurityDefaults(settings.podSecurity), now: options.now };
  const resources = objects.map((item, index) => reviewObject(item, index, ctx, options.defaultNamespace ?? 'default'));
  return {
    podSecurity: formatLevelVersion(level),
    registries: [...settings.registries],
    imagesChecked: options.snapshot !== undefined,
    resources,
    summary: {
      resources: resources.length,
      checked: resources.filter((resource) => resource.checked).length,
      denied: resources.filter((resource) => resource.denied).length,
      warnings: resources.reduce((count, resource) => count + resource.findings.filter((finding) => finding.severity === 'warning').length, 0),
    },
  };
}

/** The webhook's settings for a review: closed, never stale (the snapshot was just read), workloads enforced, nobody exempt. */
function reviewSettings(options: ManifestReviewOptions, enforce: string): AdmissionSettings {
  return {
    registries: options.registries.map((registry) => registry.toLowerCase()),
    images: {
      requireApproved: options.snapshot !== undefined,
      denyQuarantine: true,
      denyLatest: options.denyLatest ?? false,
      denyTagWithoutDigest: options.denyTagWithoutDigest ?? false,
      pinDigests: false,
      rewriteToMirror: false,
    },
    failureMode: 'closed',
    stalenessLimitMs: Number.MAX_SAFE_INTEGER,
    podSecurity: { enforce, enforceOnWorkloads: true, exemptions: { namespaces: [], usernames: [], runtimeClasses: [] } },
    allowSampleRate: 0,
  };
}

/** The labels of every Namespace object in the input. */
function namespaceLabels(objects: readonly ManifestObject[]): StaticNamespaceLabels {
  const labels: Record<string, Record<string, string>> = {};
  for (const { object } of objects) {
    const { apiVersion, kind, metadata } = header(object);
    if (apiVersion !== 'v1' || kind !== 'Namespace' || !metadata.name) continue;
    labels[metadata.name] = Object.fromEntries(Object.entries(metadata.labels ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  }
  return new StaticNamespaceLabels(labels);
}

function reviewObject(item: ManifestObject, index: number, ctx: DecisionContext, defaultNamespace: string): ReviewedResource {
  const { apiVersion, kind, metadata } = header(item.object);
  const base = { source: item.source, line: item.line, apiVersion: apiVersion ?? '', kind: kind ?? '', name: metadata.name ?? '' };
  if (!apiVersion || !kind) {
    return { ...base, checked: false, denied: false, findings: [{ severity: 'warning', rule: 'object', message: 'not a Kubernetes object (no apiVersion and kind); not reviewed' }] };
  }
  const separator = apiVersion.lastIndexOf('/');
  const namespace = metadata.namespace ?? defaultNamespace;
  const request: AdmissionRequest = {
    uid: `review-${index}`,
    kind: { group: separator < 0 ? '' : apiVersion.slice(0, separator), version: apiVersion.slice(separator + 1), kind },
    namespace,
    name: metadata.name,
    operation: 'CREATE',
    object: item.object,
  };
  const decision = validateRequest(request, ctx);
  if (decision.outcome === 'skipped') return { ...base, namespace: metadata.namespace, checked: false, denied: false, findings: [] };
  const findings: ReviewFinding[] = [
    ...decision.violations.map((violation): ReviewFinding => ({ severity: 'error', rule: violation.rule, ...(violation.container ? { container: violation.container } : {}), message: violation.message })),
    ...decision.warnings.map((warning): ReviewFinding => ({ severity: 'warning', rule: 'warning', message: warning })),
  ];
  return { ...base, namespace, checked: true, denied: !decision.response.allowed, findings };
}

interface ObjectHeader {
  apiVersion?: string;
  kind?: string;
  metadata: { name?: string; namespace?: string; labels?: Record<string, unknown> };
}

function header(object: unknown): ObjectHeader {
  if (!isRecord(object)) return { metadata: {} };
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  return {
    apiVersion: typeof object.apiVersion === 'string' && object.apiVersion ? object.apiVersion : undefined,
    kind: typeof object.kind === 'string' && object.kind ? object.kind : undefined,
    metadata: {
      ...(typeof metadata.name === 'string' ? { name: metadata.name } : {}),
      ...(typeof metadata.namespace === 'string' && metadata.namespace ? { namespace: metadata.namespace } : {}),
      ...(isRecord(metadata.labels) ? { labels: metadata.labels } : {}),
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
