/**
 * capabilities_baseline (baseline, v1.0+): adding capabilities beyond the container runtime's default set is
 * forbidden. Upstream: policy/check_capabilities_baseline.go. Restricted field
 * securityContext.capabilities.add of every container. The names are compared exactly as upstream does (no
 * "CAP_" prefix stripping, case-sensitive), so "CAP_SYS_ADMIN" or "chown" are not in the allowed set.
 */
import {
  ALLOWED,
  containersPhrase,
  forbidden,
  joinQuote,
  sortedSet,
  type CheckOutcome,
  type PodSecurityCheck,
  type PodView,
} from '../check.js';
import { visitContainers } from '../containers.js';

const ALLOWED_CAPABILITIES_V1_0 = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

function capabilitiesBaselineV1Dot0({ spec }: PodView): CheckOutcome {
  const badContainers: string[] = [];
  const nonDefault: string[] = [];
  for (const { name, container } of visitContainers(spec)) {
    const added = container.securityContext?.capabilities?.add ?? [];
    const extra = added.filter((capability) => !ALLOWED_CAPABILITIES_V1_0.has(capability));
    if (extra.length > 0) {
      badContainers.push(name);
      nonDefault.push(...extra);
    }
  }
  if (badContainers.length === 0) return ALLOWED;
  return forbidden(
    'non-default capabilities',
    `${containersPhrase(badContainers)} must not include ${joinQuote(sortedSet(nonDefault))} in securityContext.capabilities.add`,
  );
}

export const capabilitiesBaseline: PodSecurityCheck = {
  id: 'capabilities_baseline',
  level: 'baseline',
  revisions: [{ minor: 0, evaluate: capabilitiesBaselineV1Dot0 }],
};
