/**
 * What a policy would do before it is applied: the verdict it would give each
 * decided image (policy test), and which servable images it would revoke or
 * put at risk (impact preview).
 */
import type { PolicyDocument, PolicyStore, ExceptionStore } from '../policy/index.js';
import { evaluatePolicy, type PolicyInput } from '../policy/index.js';
import type { Gate } from './gate.js';
import type { GateReason, VerdictRequest, PolicyVerdict, GatePorts } from './gate-ports.js';
import { isServable, type ImageState } from './image-state.js';
import { compareVersions } from './policy-judge.js';
import { DECIDED_STATES, verdictFromInventory } from './redecide-image.js';
import type { ImageRow } from './store/image-store.js';

export interface PreviewDeps {
  gate: Gate;
  policies: PolicyStore;
  exceptions: ExceptionStore;
  ports: GatePorts;
  clock: () => number;
}

export interface ImagePreview {
  repository: string;
  digest: string;
  tags: string[];
  state: string;
  outcome: 'pass' | 'fail' | 'unknown';
  reasons: GateReason[];
  /** The grace period the candidate would give a failing approved image; absent when the outcome is unknown. */
  gracePeriodMs?: number;
}

/** Judges `image` with `candidate` in place of the stored policy of the same scope. */
export async function previewImage(deps: PreviewDeps, candidate: PolicyDocument, image: ImageRow): Promise<ImagePreview> {
  const judge = async (request: VerdictRequest): Promise<PolicyVerdict> => {
    const org = candidate.metadata.team === undefined ? candidate : (await deps.policies.current()).document;
    const team = candidate.metadata.team === request.image.team ? candidate : (await deps.policies.current(request.image.team))?.document;
    const exceptions = await deps.exceptions.list({ status: 'active' });
    const evaluation = evaluatePolicy({ org, team, exceptions, now: deps.clock(), compareVersions }, request as PolicyInput);
    const reason = (r: (typeof evaluation.reasons)[number]): GateReason => ({ rule: r.ruleId, message: r.message, vulnerability: r.vulnerabilityId, package: r.package, installedVersion: r.installedVersion, fixedVersion: r.fixedVersion, severity: r.severity });
    return { outcome: evaluation.outcome, reasons: evaluation.reasons.map(reason), warnings: evaluation.warnings.map(reason), gracePeriodMs: evaluation.gracePeriodMs, policyVersion: 'candidate', evaluation };
  };
  const verdict = await verdictFromInventory({ db: deps.gate.db, ports: { ...deps.ports, judge } }, image, await deps.ports.index());
  const base = { repository: image.repository, digest: image.digest, tags: JSON.parse(image.tags) as string[], state: image.state };
  return verdict === 'needs-scan' ? { ...base, outcome: 'unknown', reasons: [] } : { ...base, outcome: verdict.outcome, reasons: verdict.reasons, gracePeriodMs: verdict.gracePeriodMs };
}

/** Servable images (approved, at-risk) in the candidate's scope that it would fail: they would go at-risk, then be revoked. */
export async function impactOf(deps: PreviewDeps, candidate: PolicyDocument): Promise<ImagePreview[]> {
  const servable = (await deps.gate.images.inStates(DECIDED_STATES, candidate.metadata.team ? [candidate.metadata.team] : undefined)).filter((image) => isServable(image.state as ImageState));
  const failing: ImagePreview[] = [];
  for (const image of servable) {
    const preview = await previewImage(deps, candidate, image);
    if (preview.outcome === 'fail') failing.push(preview);
  }
  return failing;
}
