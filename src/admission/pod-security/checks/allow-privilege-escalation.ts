/**
 * allowPrivilegeEscalation (restricted, v1.8+; v1.25 exempts Windows pods): privilege escalation through
 * set-user-ID or set-group-ID binaries must be disabled explicitly, since unset means allowed.
 * Upstream: policy/check_allowPrivilegeEscalation.go (the field exists since Kubernetes 1.8). Restricted field
 * securityContext.allowPrivilegeEscalation of every container; allowed value false.
 */
import {
  ALLOWED,
  containersPhrase,
  forbidden,
  isWindowsPod,
  type CheckOutcome,
  type PodSecurityCheck,
  type PodView,
} from '../check.js';
import { visitContainers } from '../containers.js';

function allowPrivilegeEscalationV1Dot8({ spec }: PodView): CheckOutcome {
  const bad = visitContainers(spec)
    .filter(({ container }) => container.securityContext?.allowPrivilegeEscalation !== false)
    .map(({ name }) => name);
  if (bad.length === 0) return ALLOWED;
  return forbidden(
    'allowPrivilegeEscalation != false',
    `${containersPhrase(bad)} must set securityContext.allowPrivilegeEscalation=false`,
  );
}

/** Pod validation rejects this Linux-only field on Windows pods, so they need not (cannot) set it. */
function allowPrivilegeEscalationV1Dot25(pod: PodView): CheckOutcome {
  return isWindowsPod(pod.spec) ? ALLOWED : allowPrivilegeEscalationV1Dot8(pod);
}

export const allowPrivilegeEscalation: PodSecurityCheck = {
  id: 'allowPrivilegeEscalation',
  level: 'restricted',
  revisions: [
    { minor: 8, evaluate: allowPrivilegeEscalationV1Dot8 },
    { minor: 25, evaluate: allowPrivilegeEscalationV1Dot25 },
  ],
};
