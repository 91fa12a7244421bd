/**
 * `max: {severity: high, count: 3}` — at most `count` findings of that
 * severity or worse. Over the limit, every counted finding is a violation (the
 * developer may fix any of them), each message saying how many must go.
 * Findings an exception covers are not counted.
 */
import { z } from 'zod';
import type { PolicyFinding } from '../policy-input.js';
import { atLeast, thresholdText } from '../severity.js';
import { thresholdSchema } from './condition-schemas.js';
import { defineRuleKind, findingLabel, findingViolation, remedy } from './rule-kind.js';

const schema = z.strictObject({ max: z.strictObject({ severity: thresholdSchema, count: z.number().int().min(0) }) });
type MaxSpec = z.infer<typeof schema>;

const selects = (spec: MaxSpec, finding: PolicyFinding) => atLeast(finding.severity, spec.max.severity);

export const maxFindingsRule = defineRuleKind({
  name: 'max',
  keys: ['max'],
  schema,
  selectsFinding: selects,
  evaluate(spec, subject) {
    const counted = subject.findings.filter((finding) => selects(spec, finding));
    if (counted.length <= spec.max.count) return { status: 'evaluated', violations: [] };
    const excess = counted.length - spec.max.count;
    const limit = `${counted.length} ${thresholdText(spec.max.severity)} findings, the policy allows at most ${spec.max.count}: fix at least ${excess}`;
    return {
      status: 'evaluated',
      violations: counted.map((finding) => findingViolation(finding, `${findingLabel(finding)} is one of ${limit}; ${remedy(finding)}`)),
    };
  },
});
