/**
 * The mutating webhook's decision: always allowed (refusing is the validating
 * webhook's job, and it runs after this one on the rewritten object), with a
 * JSON Patch that pins approved tags to digests and, optionally, moves public
 * images to their approved mirror. On UPDATE only images the update changes
 * are rewritten: pinning an untouched image would roll a Deployment out.
 */
import type { AdmissionRequest } from './admission-review.js';
import { imagePatches } from './image-patches.js';
import { reviewScope } from './review-scope.js';
import { cacheProblem, decide, type Decision, type DecisionContext } from './validate-request.js';

export function mutateRequest(request: AdmissionRequest, ctx: DecisionContext): Decision {
  const scope = reviewScope(request);
  if (scope.kind !== 'checked') return decide(request.uid, [], [], [], 'skipped');
  const freshness = ctx.set.freshness(ctx.now, ctx.settings.stalenessLimitMs);
  if (freshness.state !== 'fresh') {
    return decide(request.uid, [], [`images were not pinned to digests: ${cacheProblem(freshness, ctx.settings.stalenessLimitMs)}`], [], 'allowed');
  }
  const templates = scope.templates.map((template) => ({ ...template, containers: template.containers.filter((container) => typeof container.image !== 'string' || !scope.previousImages.has(container.image)) }));
  const { patch, rewrites } = imagePatches(templates, ctx.settings, ctx.set);
  if (patch.length === 0) return decide(request.uid, [], [], [], 'allowed');
  const decision = decide(request.uid, [], [], [], 'patched');
  decision.response.patchType = 'JSONPatch';
  decision.response.patch = Buffer.from(JSON.stringify(patch)).toString('base64');
  decision.details = { rewrites };
  return decision;
}
