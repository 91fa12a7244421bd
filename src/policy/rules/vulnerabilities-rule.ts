/**
 * `vulnerabilities: [CVE-2021-44228, GHSA-…]` — named vulnerabilities are
 * denied whatever their severity; a name matches a finding's id or any alias,
 * ignoring case.
 */
import { z } from 'zod';
import type { PolicyFinding } from '../policy-input.js';
import { nameListSchema } from './condition-schemas.js';
import { defineRuleKind, findingLabel, findingViolation, remedy } from './rule-kind.js';

const schema = z.strictObject({ vulnerabilities: nameListSchema });
type VulnerabilitiesSpec = z.infer<typeof schema>;

function named(spec: VulnerabilitiesSpec, finding: PolicyFinding): string | undefined {
  const ids = [finding.id, ...finding.aliases].map((id) => id.toUpperCase());
  return spec.vulnerabilities.find((name) => ids.includes(name.toUpperCase()));
}

export const vulnerabilitiesRule = defineRuleKind({
  name: 'vulnerabilities',
  keys: ['vulnerabilities'],
  schema,
  selectsFinding: (spec, finding) => named(spec, finding) !== undefined,
  evaluate(spec, subject) {
    const violations = subject.findings.flatMap((finding) => {
      const name = named(spec, finding);
      if (name === undefined) return [];
      const via = name.toUpperCase() === finding.id.toUpperCase() ? '' : ` (as ${name})`;
      return [findingViolation(finding, `${findingLabel(finding)} is denied by name${via}; ${remedy(finding)}`)];
    });
    return { status: 'evaluated', violations };
  },
});
