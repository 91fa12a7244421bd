/**
 * What an evaluation says about an image. Rule results follow Kyverno's
 * statuses (pkg/engine/api/rulestatus.go): pass, fail, warn, error, skip.
 */
import type { PolicySeverity } from './policy-input.js';

export type RuleStatus = 'pass' | 'fail' | 'warn' | 'error' | 'skip';
export type RuleAction = 'deny' | 'warn';

/** One thing a rule objects to, with what a developer needs to act on it. */
export interface Violation {
  message: string;
  vulnerabilityId?: string;
  aliases?: readonly string[];
  package?: string;
  packageType?: string;
  purl?: string;
  installedVersion?: string;
  fixedVersion?: string;
  severity?: PolicySeverity;
}

export interface RuleResult {
  ruleId: string;
  /** `metadata.name` of the policy the rule comes from. */
  policy: string;
  /** The rule kind (severity, max, vulnerabilities, package, licenses, imageAge, baseOs, require). */
  kind: string;
  action: RuleAction;
  status: RuleStatus;
  /** Why a rule was skipped or could not be evaluated; a summary otherwise. */
  message?: string;
  violations: Violation[];
}

/** A violation with the rule that found it: the entries of `reasons` and `warnings`. */
export interface Reason extends Violation {
  ruleId: string;
  policy: string;
}

export interface AppliedException {
  exceptionId: string;
  scope: string;
  /** The finding it suppressed. */
  vulnerabilityId: string;
  package: string;
  purl: string;
  installedVersion: string;
  expiresAt: number;
  /** The finding-based rules whose violation it suppressed. */
  rules: Array<{ policy: string; ruleId: string }>;
}

export interface Evaluation {
  outcome: 'pass' | 'fail';
  results: RuleResult[];
  /** Every violation of a deny rule, and every deny rule that could not be evaluated (fail closed). */
  reasons: Reason[];
  /** Violations of warn rules, and warn rules that could not be evaluated. */
  warnings: Reason[];
  exceptionsApplied: AppliedException[];
  /** The effective grace period: the smaller of the org's and the team's. */
  gracePeriodMs: number;
}
