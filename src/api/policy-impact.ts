/**
 * What a candidate policy would do, before anyone applies it. Each decided
 * image is judged from its stored inventory with the candidate in place of the
 * stored policy of its scope (gate/policy-preview.ts, the same judging impactOf
 * does), and the gate's own state machine (nextState) says where that verdict
 * would move the image, so the preview and the later re-decision cannot
 * disagree. Nothing is recorded.
 */
import { classifyRepository, type Principal } from '../auth/index.js';
import { DECIDED_STATES, isServable, nextState, type Gate, type GateReason, type ImagePreview, type ImageRow, type ImageState } from '../gate/index.js';
import { OciError, parseImageReference } from '../oci/index.js';
import type { PolicyDocument } from '../policy/index.js';
import type { ApiContext } from './api-context.js';
import { ApiError } from './errors.js';
import { canSeeTeam } from './visibility.js';

export interface ImageImpact {
  repository: string;
  digest: string;
  team: string;
  tags: string[];
  state: ImageState;
  /** The state the candidate's verdict would move the image to. */
  becomes: ImageState;
  /** When an image that would go at risk would be revoked. */
  revokeAt?: string;
  reasons: GateReason[];
}

export interface PolicyImpact {
  /** Decided images in the candidate's scope that the caller sees. */
  examined: number;
  /** Servable images the candidate fails: at risk for the grace period, then revoked (at once without one). */
  revocations: ImageImpact[];
  /** Rejected or revoked images the candidate passes: they would be approved and served. */
  approvals: ImageImpact[];
  /** Images whose inventory is gone (a cataloger changed): they are scanned again when the policy is applied. */
  unknown: Array<{ repository: string; digest: string; team: string }>;
}

/** `teams`: the teams to look at, undefined for every team. */
export async function policyImpact(ctx: ApiContext, gate: Gate, candidate: PolicyDocument, teams: readonly string[] | undefined): Promise<PolicyImpact> {
  const images = await gate.images.inStates(DECIDED_STATES, teams);
  images.sort((a, b) => a.repository.localeCompare(b.repository) || a.digest.localeCompare(b.digest));
  const impact: PolicyImpact = { examined: images.length, revocations: [], approvals: [], unknown: [] };
  for (const image of images) {
    const preview = await ctx.previewPolicy(candidate, image);
    if (preview.outcome === 'unknown') {
      impact.unknown.push({ repository: image.repository, digest: image.digest, team: image.team });
      continue;
    }
    const servable = isServable(image.state as ImageState);
    if (preview.outcome === 'fail' && servable) impact.revocations.push(effectOf(image, preview, ctx.clock()));
    if (preview.outcome === 'pass' && !servable) impact.approvals.push(effectOf(image, preview, ctx.clock()));
  }
  return impact;
}

/** The verdict `candidate` would give the image `ref` names (a quarantine or approved reference, by tag or digest). */
export async function testImage(ctx: ApiContext, gate: Gate, principal: Principal, candidate: PolicyDocument, ref: string) {
  const image = await findImage(gate, principal, ref);
  const team = candidate.metadata.team;
  if (team !== undefined && team !== image.team) {
    throw new ApiError('INVALID', 400, `this is team ${team}'s policy, which does not judge images of team ${image.team}; test it with an image of ${team}, or test an org policy`);
  }
  const preview = await ctx.previewPolicy(candidate, image);
  const base = { repository: image.repository, digest: image.digest, team: image.team, tags: preview.tags, state: image.state as ImageState };
  if (preview.outcome === 'unknown') return { ...base, outcome: preview.outcome, reasons: [] };
  const effect = effectOf(image, preview, ctx.clock());
  return { ...base, outcome: preview.outcome, becomes: effect.becomes, ...(effect.revokeAt ? { revokeAt: effect.revokeAt } : {}), reasons: preview.reasons };
}

async function findImage(gate: Gate, principal: Principal, ref: string): Promise<ImageRow> {
  let reference;
  try {
    reference = parseImageReference(ref);
  } catch (error) {
    if (error instanceof OciError) throw new ApiError('INVALID', 400, `ref: ${error.message}`);
    throw error;
  }
  const zone = classifyRepository(reference.repository);
  const team = zone.zone === 'quarantine' || zone.zone === 'approved' ? zone.team : zone.zone === 'mirror' ? 'mirror' : undefined;
  const hidden = new ApiError('NOT_FOUND', 404, `the gate has no image ${ref} that you can see; push it to quarantine/<team>/<name> first`);
  if (team === undefined || !canSeeTeam(principal, team)) throw hidden;
  const status = await gate.status(reference.repository, reference.digest ?? reference.tag ?? 'latest');
  const image = status && (await gate.images.find(status.repository, status.digest));
  if (!image) throw hidden;
  return image;
}

function effectOf(image: ImageRow, preview: ImagePreview, now: number): ImageImpact {
  const state = image.state as ImageState;
  const outcome = preview.outcome === 'fail' ? 'fail' : 'pass';
  const next = nextState({ state, failingSince: image.failingSince, revokeAt: image.revokeAt }, outcome, now, preview.gracePeriodMs ?? 0);
  return {
    repository: image.repository,
    digest: image.digest,
    team: image.team,
    tags: preview.tags,
    state,
    becomes: next.state,
    ...(next.state === 'at-risk' && next.revokeAt !== null ? { revokeAt: new Date(next.revokeAt).toISOString() } : {}),
    reasons: preview.reasons,
  };
}
