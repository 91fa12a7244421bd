/**
 * What of a request the webhook looks at: pods and pod templates being created
 * or updated (and ephemeral containers being added). Deletes, connects, other
 * subresources (status, scale) and other kinds are let through untouched — the
 * webhook configuration should not send them, and refusing them would break a
 * cluster over a configuration slip.
 *
 * On UPDATE the images already in the old object are known: a Deployment whose
 * image was revoked can still be scaled down or relabelled, and the mutating
 * webhook does not pin them (pinning would roll the Deployment out).
 */
import type { AdmissionRequest } from './admission-review.js';
import { extractPodTemplates, type PodTemplate } from './pod-templates.js';

export type ReviewScope =
  | { kind: 'checked'; templates: PodTemplate[]; isPod: boolean; previousImages: ReadonlySet<string>; podSecurity: boolean }
  | { kind: 'skipped'; message?: string }
  | { kind: 'malformed'; message: string };

const CHECKED_SUBRESOURCES = new Set(['', 'ephemeralcontainers']);

export function reviewScope(request: AdmissionRequest): ReviewScope {
  if (request.operation !== 'CREATE' && request.operation !== 'UPDATE') return { kind: 'skipped' };
  if (!CHECKED_SUBRESOURCES.has(request.subResource ?? '')) return { kind: 'skipped' };
  const { group, kind } = request.kind;
  const extraction = extractPodTemplates(group, kind, request.object);
  if (extraction.kind === 'unknown') return { kind: 'skipped', message: extraction.message };
  if (extraction.kind === 'malformed') return extraction;
  // Like pod-security-admission: a Pod update can change little but images, which Pod Security does not judge — unless it adds ephemeral containers.
  const podSecurity = !extraction.isPod || request.operation === 'CREATE' || request.subResource === 'ephemeralcontainers';
  return { kind: 'checked', templates: extraction.templates, isPod: extraction.isPod, previousImages: previousImages(request), podSecurity };
}

function previousImages(request: AdmissionRequest): ReadonlySet<string> {
  if (request.operation !== 'UPDATE' || request.oldObject === undefined || request.oldObject === null) return new Set();
  const old = extractPodTemplates(request.kind.group, request.kind.kind, request.oldObject);
  if (old.kind !== 'checked') return new Set();
  return new Set(old.templates.flatMap((template) => template.containers.map((container) => container.image)).filter((image): image is string => typeof image === 'string'));
}
