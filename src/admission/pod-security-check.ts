/**
 * Pod Security Standards inside the webhook, with Kubernetes' semantics
 * (pod-security-admission): the namespace's labels choose the enforce, warn
 * and audit levels (configured defaults where a label is missing); exempt
 * users, namespaces and runtime classes are not checked. Enforce violations
 * deny Pods; on workloads (pod templates) Kubernetes only warns, unless
 * `enforceOnWorkloads` is set. Warn violations become warnings, audit ones
 * audit annotations. The checks themselves are ./pod-security (pure).
 */
import type { PodSecuritySettings } from './admission-settings.js';
import type { RuleResult } from './image-rules.js';
import type { PodTemplate } from './pod-templates.js';
import { checkPodSecurity, isExempt, namespacePolicy, parseLevelVersion, type LevelVersion, type PodSecurityDefaults, type PodSecurityViolation } from './pod-security/index.js';

export interface PodSecurityInput {
  namespace?: string;
  username?: string;
  /** The namespace's labels, when known. */
  labels: Readonly<Record<string, string>> | undefined;
  template: PodTemplate;
  /** Enforce violations deny (Pods, or workloads with enforceOnWorkloads); otherwise they warn. */
  enforce: boolean;
}

export interface PodSecurityOutcome {
  violations: RuleResult[];
  warnings: string[];
  audit: string[];
}

/** The configured defaults as the Pod Security module takes them (levels parsed once). */
export function podSecurityDefaults(settings: PodSecuritySettings): PodSecurityDefaults {
  return {
    ...(settings.enforce ? { enforce: parseLevelVersion(settings.enforce) } : {}),
    ...(settings.warn ? { warn: parseLevelVersion(settings.warn) } : {}),
    ...(settings.audit ? { audit: parseLevelVersion(settings.audit) } : {}),
    exemptions: settings.exemptions,
  };
}

export function evaluatePodSecurity(input: PodSecurityInput, defaults: PodSecurityDefaults): PodSecurityOutcome {
  const outcome: PodSecurityOutcome = { violations: [], warnings: [], audit: [] };
  const runtimeClassName = typeof input.template.spec.runtimeClassName === 'string' ? input.template.spec.runtimeClassName : undefined;
  if (isExempt({ namespace: input.namespace, username: input.username, runtimeClassName }, defaults.exemptions)) return outcome;
  const { policy, problems } = namespacePolicy(input.labels ? { ...input.labels } : undefined, defaults);
  outcome.warnings.push(...problems.map((problem) => `pod security: ${problem}`));
  // The same level is often enforced, warned and audited: check it once.
  const checked = new Map<string, PodSecurityViolation[]>();
  const check = (level: LevelVersion): [string, PodSecurityViolation[]] => {
    const key = `${level.level}:${level.version}`;
    let violations = checked.get(key);
    if (!violations) checked.set(key, (violations = level.level === 'privileged' ? [] : checkPodSecurity({ metadata: input.template.metadata, spec: input.template.spec }, level)));
    return [key, violations];
  };
  const [enforceKey, enforced] = check(policy.enforce);
  if (input.enforce) {
    for (const violation of enforced) outcome.violations.push({ rule: `pod-security:${violation.check}`, status: 'fail', message: `violates PodSecurity "${enforceKey}": ${violation.message}` });
  } else if (enforced.length > 0) {
    outcome.warnings.push(`its pods would violate PodSecurity "${enforceKey}" and be refused: ${joined(enforced)}`);
  }
  const [warnKey, warned] = check(policy.warn);
  // At the enforce level the violations were already denied or warned about above.
  if (warned.length > 0 && warnKey !== enforceKey) outcome.warnings.push(`would violate PodSecurity "${warnKey}": ${joined(warned)}`);
  const [auditKey, audited] = check(policy.audit);
  if (audited.length > 0) outcome.audit.push(`would violate PodSecurity "${auditKey}": ${joined(audited)}`);
  return outcome;
}

function joined(violations: readonly PodSecurityViolation[]): string {
  return violations.map((violation) => violation.message).join('; ');
}
