/** The organisation policy Airlock starts with, stored as version 1 on first read. */
export const DEFAULT_ORG_POLICY = `apiVersion: airlock/v1
kind: Policy
metadata:
  name: org
  description: Airlock's default organisation policy
spec:
  # An approved image that becomes non-compliant keeps running this long before it is revoked.
  gracePeriod: 7d
  rules:
    - id: no-critical
      description: No critical vulnerabilities, fixed or not.
      deny: {severity: critical}
    - id: no-fixable-high
      description: No high vulnerabilities that already have a fix.
      deny: {severity: high, fixAvailable: true}
`;
