/**
 * procMount (baseline, v1.0+; v1.35 relaxes it for user-namespace pods): the default /proc masks reduce attack
 * surface and must be kept. Upstream: policy/check_procMount_baseline.go (id "procMount"). Restricted field
 * securityContext.procMount of every container; allowed values unset or "Default". From v1.35 a pod with
 * `hostUsers: false` may set any value, because its root is not the node's root; the restricted level keeps
 * forbidding it through procMount_restricted.
 */
import {
  ALLOWED,
  containersPhrase,
  forbidden,
  inUserNamespace,
  joinQuote,
  sortedSet,
  type CheckOutcome,
  type PodSecurityCheck,
  type PodView,
} from '../check.js';
import { visitContainers } from '../containers.js';

/** Forbids any procMount but "Default", whatever the pod (upstream procMount_1_0, reused by the restricted check). */
export function procMountV1Dot0({ spec }: PodView): CheckOutcome {
  const badContainers: string[] = [];
  const badTypes: string[] = [];
  for (const { name, container } of visitContainers(spec)) {
    const procMount = container.securityContext?.procMount;
    if (procMount !== undefined && procMount !== null && procMount !== 'Default') {
      badContainers.push(name);
      badTypes.push(procMount);
    }
  }
  if (badContainers.length === 0) return ALLOWED;
  return forbidden(
    'procMount',
    `${containersPhrase(badContainers)} must not set securityContext.procMount to ${joinQuote(sortedSet(badTypes))}`,
  );
}

function procMountV1Dot35(pod: PodView): CheckOutcome {
  return inUserNamespace(pod.spec) ? ALLOWED : procMountV1Dot0(pod);
}

export const procMount: PodSecurityCheck = {
  id: 'procMount',
  level: 'baseline',
  revisions: [
    { minor: 0, evaluate: procMountV1Dot0 },
    { minor: 35, evaluate: procMountV1Dot35 },
  ],
};
