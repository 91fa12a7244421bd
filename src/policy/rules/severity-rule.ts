/**
 * `severity: high` — every finding of that severity or worse is a violation;
 * `fixAvailable: true` narrows it to findings with a fix, `false` to those
 * without one. Findings of unknown severity never meet a threshold.
 */
import { z } from 'zod';
import type { PolicyFinding } from '../policy-input.js';
import { atLeast, thresholdText } from '../severity.js';
import { thresholdSchema } from './condition-schemas.js';
import { defineRuleKind, findingLabel, findingViolation, remedy } from './rule-kind.js';

const schema = z.strictObject({ severity: thresholdSchema, fixAvailable: z.boolean().optional() });
type SeveritySpec = z.infer<typeof schema>;

function selects(spec: SeveritySpec, finding: PolicyFinding): boolean {
  const fixed = finding.fixedVersion !== undefined && finding.fixedVersion !== '';
  return atLeast(finding.severity, spec.severity) && (spec.fixAvailable === undefined || spec.fixAvailable === fixed);
}

export const severityRule = defineRuleKind({
  name: 'severity',
  keys: ['severity', 'fixAvailable'],
  schema,
  selectsFinding: selects,
  evaluate(spec, subject) {
    const fixable = spec.fixAvailable === undefined ? '' : spec.fixAvailable ? ' that have a fix' : ' that have no fix';
    const violations = subject.findings
      .filter((finding) => selects(spec, finding))
      .map((finding) => findingViolation(finding, `${findingLabel(finding)}: the policy denies ${thresholdText(spec.severity)} vulnerabilities${fixable}; ${remedy(finding)}`));
    return { status: 'evaluated', violations };
  },
});
