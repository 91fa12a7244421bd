/**
 * The mutating webhook's work, as RFC 6902 JSON Patch operations:
 *   - pin: `airlock/acme/api:1.4` → `airlock/acme/api@sha256:…` when that tag is approved
 *     (the digest is what was judged; a tag is only a name for it);
 *   - mirror: `grafana/grafana:10.4.1` → `airlock/mirror/docker.io/grafana/grafana@sha256:…`
 *     when the mirror has that tag approved (option rewriteToMirror).
 * Only images that may run are rewritten; everything else is left for the
 * validating webhook to refuse with its reason.
 */
import type { AdmissionSettings } from './admission-settings.js';
import type { ApprovedSet, LookupResult } from './approved-set.js';
import { formatReference, normalizeImageReference, type NormalizedReference } from './image-reference.js';
import { mirrorRepository } from './image-verdict.js';
import type { PodTemplate } from './pod-templates.js';

export interface JsonPatchOperation {
  op: 'replace';
  path: string;
  value: string;
}

export interface ImageRewrite {
  container: string;
  from: string;
  to: string;
  why: 'pin' | 'mirror';
}

export function imagePatches(templates: readonly PodTemplate[], settings: AdmissionSettings, set: ApprovedSet): { patch: JsonPatchOperation[]; rewrites: ImageRewrite[] } {
  const patch: JsonPatchOperation[] = [];
  const rewrites: ImageRewrite[] = [];
  for (const template of templates) {
    for (const container of template.containers) {
      const outcome = normalizeImageReference(container.image);
      if (!outcome.ok) continue;
      const rewrite = rewriteOf(outcome.reference, settings, set);
      if (!rewrite) continue;
      patch.push({ op: 'replace', path: container.pointer, value: rewrite.to });
      rewrites.push({ container: container.name, from: outcome.reference.original, ...rewrite });
    }
  }
  return { patch, rewrites };
}

function rewriteOf(reference: NormalizedReference, settings: AdmissionSettings, set: ApprovedSet): { to: string; why: 'pin' | 'mirror' } | undefined {
  if (settings.registries.includes(reference.host)) {
    if (!settings.images.pinDigests || reference.digest || reference.repository.startsWith('quarantine/')) return undefined;
    const found = set.lookup({ repository: reference.repository, tag: reference.tag });
    // Keep the host as written: it may be one of several names of the same Airlock.
    return runnable(found) ? { to: formatReference({ host: reference.host, repository: reference.repository, digest: found.image.digest }), why: 'pin' } : undefined;
  }
  if (!settings.images.rewriteToMirror) return undefined;
  const repository = mirrorRepository(reference);
  const primary = settings.registries[0];
  if (!repository || !primary) return undefined;
  const found = set.lookup({ repository, tag: reference.tag, digest: reference.digest });
  return runnable(found) ? { to: formatReference({ host: primary, repository, digest: found.image.digest }), why: 'mirror' } : undefined;
}

function runnable(found: LookupResult): found is NonNullable<LookupResult> {
  return found !== undefined && found.via !== 'quarantine-tag' && (found.image.state === 'approved' || found.image.state === 'at-risk');
}

