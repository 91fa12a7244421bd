/**
 * Evaluates a pod against a Pod Security level and version (k8s.io/pod-security-admission policy/registry.go:
 * EvaluatePod). The baseline level runs the baseline checks; the restricted level runs the restricted checks and
 * every baseline check no applicable restricted revision overrides. Each check runs the revision in force at the
 * version: the one with the highest minimum version not above it. A check with no revision yet at that version
 * (hostProbesAndHostLifecycle before v1.34) does not run.
 */
import type { CheckRevision, PodSecurityCheck, PodView } from './check.js';
import { CHECKS } from './checks.js';
import { parseLevel } from './level.js';
import type { LevelVersion } from './level-version.js';
import { issuePath, podSchema } from './pod-schema.js';
import { evaluationMinor } from './version.js';

export interface PodSecurityViolation {
  /** The upstream check id, e.g. 'runAsNonRoot'; 'invalidPod' when the pod's fields have the wrong JSON types. */
  check: string;
  level: 'baseline' | 'restricted';
  /** Upstream's "reason (detail)" form, naming the containers and fields to change. */
  message: string;
}

/** Pod metadata + spec as plain JSON (from a Pod or a pod template). */
export interface PodInputLike {
  metadata?: { annotations?: Record<string, string> };
  spec: unknown;
}

/** Not an upstream check: reported, fail-closed, when the fields the checks read have the wrong JSON types. */
export const INVALID_POD_CHECK = 'invalidPod';
const MAX_REPORTED_ISSUES = 5;

/**
 * The violations of `pod` at `policy` (none at privileged). Never throws on malformed pod input; throws
 * PodSecurityError when the policy's level or version is invalid (a configuration error, not a pod's).
 */
export function checkPodSecurity(pod: PodInputLike, policy: LevelVersion): PodSecurityViolation[] {
  const level = parseLevel(policy.level);
  const minor = evaluationMinor(policy.version);
  if (level === 'privileged') return [];
  const parsed = podSchema.safeParse(pod);
  if (!parsed.success) return [invalidPodViolation(parsed.error.issues)];
  const view: PodView = { annotations: parsed.data.metadata?.annotations ?? {}, spec: parsed.data.spec };
  const violations: PodSecurityViolation[] = [];
  for (const { check, revision } of checksToRun(level, minor)) {
    const outcome = revision.evaluate(view);
    if (!outcome.allowed) {
      violations.push({ check: check.id, level: check.level, message: `${outcome.reason} (${outcome.detail})` });
    }
  }
  return violations;
}

interface ScheduledCheck {
  check: PodSecurityCheck;
  revision: CheckRevision;
}

/** The revision of `check` in force at policy minor version `minor`, if any. */
export function revisionAt(check: PodSecurityCheck, minor: number): CheckRevision | undefined {
  let inForce: CheckRevision | undefined;
  for (const revision of check.revisions) if (revision.minor <= minor) inForce = revision;
  return inForce;
}

/** The checks a level runs at a version, in upstream's order, with overridden baseline checks left out. */
export function checksToRun(level: 'baseline' | 'restricted', minor: number): ScheduledCheck[] {
  const scheduled = CHECKS.filter((check) => level === 'restricted' || check.level === 'baseline').flatMap((check) => {
    const revision = revisionAt(check, minor);
    return revision === undefined ? [] : [{ check, revision }];
  });
  const overridden = new Set(scheduled.flatMap(({ check, revision }) => (check.level === 'restricted' ? (revision.overrides ?? []) : [])));
  return scheduled.filter(({ check }) => !overridden.has(check.id));
}

function invalidPodViolation(issues: readonly { path: readonly PropertyKey[]; message: string }[]): PodSecurityViolation {
  const shown = issues.slice(0, MAX_REPORTED_ISSUES).map((issue) => `${issuePath(issue.path)}: ${issue.message}`);
  const more = issues.length > MAX_REPORTED_ISSUES ? `; and ${issues.length - MAX_REPORTED_ISSUES} more` : '';
  return {
    check: INVALID_POD_CHECK,
    level: 'baseline',
    message: `invalid pod (${shown.join('; ')}${more}); the API server would reject it, so it cannot be admitted`,
  };
}
