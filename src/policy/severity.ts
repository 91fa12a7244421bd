/** Severity order: a threshold means that severity or worse. */
import type { PolicySeverity } from './policy-input.js';

/** The severities a policy may name, worst first. */
export const POLICY_SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type ThresholdSeverity = (typeof POLICY_SEVERITIES)[number];

const RANK: Record<PolicySeverity, number> = { critical: 4, high: 3, medium: 2, low: 1, unknown: 0 };

/** Whether `severity` is `threshold` or worse; `unknown` is never at or above a threshold. */
export function atLeast(severity: PolicySeverity, threshold: ThresholdSeverity): boolean {
  return (RANK[severity] ?? 0) >= RANK[threshold];
}

/** Human form of a threshold: `high or worse`, `critical`. */
export function thresholdText(threshold: ThresholdSeverity): string {
  return threshold === 'critical' ? 'critical' : `${threshold} or worse`;
}
