/**
 * Judges one image: the org policy's rules and then the team's, exceptions
 * applied to finding-based rules, every violation explained. Pure: the clock,
 * version order and exceptions are passed in, so any verdict can be
 * reproduced from what was recorded with it.
 *
 * Teams only tighten: the effective rules are the org's plus the team's (a team
 * rule never replaces an org rule, even with the same id), and the effective
 * grace period is the smaller one. The outcome is `fail` when a deny rule
 * fails or cannot be evaluated (`error`: a gate fails closed); warn rules and
 * skipped rules never fail an image.
 */
import type { AppliedException, Evaluation, Reason, RuleResult } from './evaluation.js';
import { applies, type PolicyException } from './exception.js';
import { PolicyError } from './policy-error.js';
import type { PolicyDocument, PolicyRule } from './policy-document.js';
import type { CompareVersions, PolicyFinding, PolicyInput } from './policy-input.js';
import type { RuleSubject } from './rules/rule-kind.js';

export interface EvaluatePolicyOptions {
  org: PolicyDocument;
  /** The image's team policy, when the team has one. */
  team?: PolicyDocument;
  /** Exceptions to consider (inactive or out-of-scope ones are ignored). */
  exceptions: readonly PolicyException[];
  now: number;
  compareVersions: CompareVersions;
}

interface Covered {
  finding: PolicyFinding;
  exception: PolicyException;
}

export function evaluatePolicy(options: EvaluatePolicyOptions, input: PolicyInput): Evaluation {
  const { org, team } = options;
  if (org.metadata.team !== undefined) throw new PolicyError('POLICY_INVALID', `policy ${org.metadata.name} is team ${org.metadata.team}'s policy, not the org policy`);
  if (team && team.metadata.team === undefined) throw new PolicyError('POLICY_INVALID', `policy ${team.metadata.name} is an org policy, not a team policy`);

  const active: PolicyFinding[] = [];
  const covered: Covered[] = [];
  for (const finding of input.findings) {
    const exception = options.exceptions.find((candidate) => applies(candidate, finding, input.image, options.now));
    if (exception) covered.push({ finding, exception });
    else active.push(finding);
  }
  const subject: RuleSubject = { input, findings: active, now: options.now, compareVersions: options.compareVersions };

  const results: RuleResult[] = [];
  const applied = new Map<string, AppliedException>();
  const policies = team ? [org, team] : [org];
  for (const policy of policies) {
    for (const rule of policy.spec.rules) {
      results.push(evaluateRule(policy.metadata.name, rule, subject));
      if (rule.condition.findingBased) recordSuppressed(applied, covered, policy.metadata.name, rule);
    }
  }

  const reasons: Reason[] = [];
  const warnings: Reason[] = [];
  for (const result of results) {
    const into = result.action === 'deny' ? reasons : warnings;
    const tag = { ruleId: result.ruleId, policy: result.policy };
    if (result.status === 'error') into.push({ ...tag, message: `rule ${result.ruleId} could not be evaluated: ${result.message ?? 'unknown error'}` });
    for (const violation of result.violations) into.push({ ...tag, ...violation });
  }
  const failed = results.some((result) => result.action === 'deny' && (result.status === 'fail' || result.status === 'error'));
  return {
    outcome: failed ? 'fail' : 'pass',
    results,
    reasons,
    warnings,
    exceptionsApplied: [...applied.values()],
    gracePeriodMs: effectiveGracePeriod(org, team),
  };
}

function evaluateRule(policy: string, rule: PolicyRule, subject: RuleSubject): RuleResult {
  const base = { ruleId: rule.id, policy, kind: rule.kind, action: rule.action };
  const outcome = rule.condition.evaluate(subject);
  if (outcome.status !== 'evaluated') return { ...base, status: outcome.status, message: outcome.message, violations: [] };
  const count = outcome.violations.length;
  if (count === 0) return { ...base, status: 'pass', violations: [] };
  return {
    ...base,
    status: rule.action === 'deny' ? 'fail' : 'warn',
    message: `${count} violation${count === 1 ? '' : 's'}`,
    violations: outcome.violations,
  };
}

/** Notes, for each covered finding the rule would have judged, which exception kept it out. */
function recordSuppressed(applied: Map<string, AppliedException>, covered: readonly Covered[], policy: string, rule: PolicyRule): void {
  for (const { finding, exception } of covered) {
    if (!rule.condition.selectsFinding(finding)) continue;
    const key = JSON.stringify([exception.id, finding.id, finding.purl, finding.installedVersion]);
    let entry = applied.get(key);
    if (!entry) {
      entry = {
        exceptionId: exception.id,
        scope: exception.scope,
        vulnerabilityId: finding.id,
        package: finding.package,
        purl: finding.purl,
        installedVersion: finding.installedVersion,
        expiresAt: exception.expiresAt,
        rules: [],
      };
      applied.set(key, entry);
    }
    entry.rules.push({ policy, ruleId: rule.id });
  }
}

/** A policy without `gracePeriod` gives none (org) or inherits (team); a team can only shorten it. */
export function effectiveGracePeriod(org: PolicyDocument, team: PolicyDocument | undefined): number {
  const orgMs = org.spec.gracePeriodMs ?? 0;
  const teamMs = team?.spec.gracePeriodMs;
  return teamMs === undefined ? orgMs : Math.min(orgMs, teamMs);
}
